#include "sandbox/in_process_transport.h"

#include <Poco/URI.h>

namespace racesync::sandbox {

namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr unsigned short kPort = 9;

}  // namespace

void InProcessTransport::add(std::shared_ptr<Service> service) { router_.add(std::move(service)); }

void InProcessTransport::observe(RequestObserver observer) { router_.observe(std::move(observer)); }

std::string InProcessTransport::baseUrl() const {
  return std::string("http://") + kHost + ":" + std::to_string(kPort);
}

void InProcessTransport::stop() { stopped_ = true; }

void InProcessTransport::start() { stopped_ = false; }

std::vector<std::pair<std::string, std::string>> InProcessTransport::requests() const {
  return router_.requests();
}

int InProcessTransport::countRequests(const std::string& method,
                                      const std::string& pathPart) const {
  return router_.countRequests(method, pathPart);
}

HttpResponse InProcessTransport::send(const HttpRequest& request) {
  Poco::URI uri(request.url);
  // The texts PocoHttpTransport gives, so that tests assert the same messages either way.
  const std::string where = request.method + " " + uri.getPath();
  if (stopped_ || uri.getScheme() != "http" || uri.getHost() != kHost || uri.getPort() != kPort) {
    throw TransportError(TransportFailure::kConnect, where + ": cannot reach " + uri.getHost() +
                                                         ":" + std::to_string(uri.getPort()) +
                                                         ": Connection refused");
  }
  std::vector<std::pair<std::string, std::string>> headers = request.headers;
  if (!request.contentType.empty()) headers.emplace_back("Content-Type", request.contentType);
  Served served =
      router_.serve(requestOf(request.method, uri.getPathEtc(), std::move(headers), request.body));
  if (served.delayMs > 0 && served.delayMs >= request.timeoutMs) {
    throw TransportError(
        TransportFailure::kTimeout,
        where + ": no answer within " + std::to_string(request.timeoutMs / 1000.0) + " s");
  }
  if (served.drop) {
    throw TransportError(TransportFailure::kDropped,
                         where + ": the connection broke before an answer: Connection reset");
  }
  HttpResponse response;
  response.status = served.response.status;
  response.headers.emplace_back("Content-Type", served.response.contentType);
  for (const auto& header : served.response.headers) response.headers.push_back(header);
  response.body = std::move(served.response.body);
  return response;
}

}  // namespace racesync::sandbox
