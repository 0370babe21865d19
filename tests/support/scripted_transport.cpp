#include "tests/support/scripted_transport.h"

namespace racesync::test {

ScriptedTransport& ScriptedTransport::answer(
    int status, const std::string& body, std::vector<std::pair<std::string, std::string>> headers) {
  Step step;
  step.response.status = status;
  step.response.body = body;
  step.response.headers = std::move(headers);
  script_.push_back(std::move(step));
  return *this;
}

ScriptedTransport& ScriptedTransport::fail(TransportFailure failure, const std::string& message) {
  Step step;
  step.failure = true;
  step.kind = failure;
  step.message = message;
  script_.push_back(std::move(step));
  return *this;
}

HttpResponse ScriptedTransport::send(const HttpRequest& request) {
  requests.push_back(request);
  if (script_.empty() && otherwise) return otherwise(request);
  if (!script_.empty()) {
    last_ = script_.front();
    script_.pop_front();
  }
  if (last_.failure) throw TransportError(last_.kind, last_.message);
  return last_.response;
}

}  // namespace racesync::test
