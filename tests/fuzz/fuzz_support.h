// What the libFuzzer targets share: a transport that answers every request with the fuzzer's
// bytes, and the rule every target enforces: a parser may refuse its input with one of racesync's
// own errors, and nothing else may come out of it (any other exception aborts: a crash).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/net/http_transport.h"

namespace racesync::fuzz {

// The answers a service may give, picked by the input's first byte.
inline int statusOf(std::uint8_t byte) {
  static const int kStatuses[] = {200, 200, 200, 200, 400, 401, 403, 404,
                                  409, 413, 422, 429, 500, 502, 503, 204};
  return kStatuses[byte % 16];
}

// Answers every request with `status` and `body`, after `before` requests answered 200 with
// `firstBody` (a login's session id).
class FuzzTransport : public HttpTransport {
 public:
  FuzzTransport(int status, std::string body, int before = 0, std::string firstBody = "")
      : status_(status),
        body_(std::move(body)),
        before_(before),
        firstBody_(std::move(firstBody)) {}

  HttpResponse send(const HttpRequest&) override {
    HttpResponse response;
    if (before_ > 0) {
      --before_;
      response.status = 200;
      response.body = firstBody_;
      return response;
    }
    response.status = status_;
    response.body = body_;
    response.headers = {{"Retry-After", "1"}};
    return response;
  }

 private:
  int status_;
  std::string body_;
  int before_;
  std::string firstBody_;
};

}  // namespace racesync::fuzz
