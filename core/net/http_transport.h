// One HTTP exchange, and the interface every remote client talks through. The real transport is
// PocoHttpTransport (poco_http_transport.h); unit tests pass fakes or the sandbox's
// InProcessTransport. Clients do not call it directly but through HttpClient (http_client.h).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/base/errors.h"

namespace racesync {

class SecretScrubber;

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: scheme, host, port, path and query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string contentType;  // empty: no Content-Type header
  // Applied to this request, whatever the transport sent before on the same connection.
  int timeoutMs = 30000;
  // The service this request belongs to ("racemap", "raceranger", ...): a transport never lets
  // two services share a connection, so each keeps its own timeout even on a shared host.
  std::string service;
  // The sender's secrets (may be null): the transport keeps them out of what it reports.
  std::shared_ptr<const SecretScrubber> scrubber;
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header of that name (case-insensitive), or "" when there is none.
  std::string header(const std::string& name) const;
};

// Why an exchange produced no answer. A client decides from this whether a retry is safe.
enum class TransportFailure {
  kConnect,  // nothing was sent: DNS, refused, TLS handshake
  kTimeout,  // sent, no answer in time: the server may have acted on it
  kDropped,  // sent, connection closed before a complete answer: the server may have acted on it
};

// Thrown by HttpTransport::send when there is no HTTP answer at all. A TemporaryError, so that an
// uncaught one exits 75; clients that know better (an unreachable host at start-up) rethrow it as
// RemoteError.
class TransportError : public TemporaryError {
 public:
  TransportError(TransportFailure failure, const std::string& message)
      : TemporaryError(message), failure_(failure) {}
  TransportFailure failure() const { return failure_; }
  TransportError* clone() const override { return new TransportError(*this); }
  void rethrow() const override { throw *this; }

 private:
  TransportFailure failure_;
};

// Observes every exchange (for `-v`): given the URL without its query and with every secret of
// the request scrubbed, never a header.
class HttpObserver {
 public:
  virtual ~HttpObserver() = default;
  virtual void exchanged(const std::string& method, const std::string& url, int status,
                         long long elapsedMs) = 0;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends the request and returns whatever status the server answered (4xx and 5xx included:
  // callers check the status). Throws TransportError when no complete answer arrived.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

}  // namespace racesync
