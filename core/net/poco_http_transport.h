// The real HTTP(S) transport: Poco's HTTPClientSession, one kept-alive session per service and
// host (never shared across services), each request's own timeout applied on every send, TLS
// certificates verified against the system's CA store.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/net/http_transport.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace racesync {

class PocoHttpTransport : public HttpTransport {
 public:
  // `observer` (may be null, not owned) sees every exchange, for -v.
  explicit PocoHttpTransport(HttpObserver* observer = nullptr);
  ~PocoHttpTransport() override;

  HttpResponse send(const HttpRequest& request) override;

 private:
  Poco::Net::HTTPClientSession& sessionFor(const std::string& service, const std::string& scheme,
                                           const std::string& host, unsigned short port);

  HttpObserver* observer_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Poco::Net::HTTPClientSession>> sessions_;
};

}  // namespace racesync
