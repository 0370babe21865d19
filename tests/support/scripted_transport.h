// An HttpTransport for unit tests that answers from a script: each send records the request and
// plays the next step (an answer or a transport failure); once the script is used up, `otherwise`
// answers (or, without one, the last step repeats).
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/net/http_transport.h"

namespace racesync::test {

class ScriptedTransport : public HttpTransport {
 public:
  // Queues an answer.
  ScriptedTransport& answer(int status, const std::string& body,
                            std::vector<std::pair<std::string, std::string>> headers = {});
  // Queues a failure without an answer.
  ScriptedTransport& fail(TransportFailure failure, const std::string& message);

  HttpResponse send(const HttpRequest& request) override;

  std::vector<HttpRequest> requests;
  std::function<HttpResponse(const HttpRequest&)> otherwise;

 private:
  struct Step {
    HttpResponse response;
    bool failure = false;
    TransportFailure kind = TransportFailure::kConnect;
    std::string message;
  };
  std::deque<Step> script_;
  Step last_;
};

}  // namespace racesync::test
