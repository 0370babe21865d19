// The client base RACEMAP, RaceRanger and RACE RESULT are built on. One HttpClient talks to one
// service: it joins paths to the base URL, sends the credentials and the service's timeout,
// retries what is worth retrying (429, 5xx, lost and malformed answers) with doubling backoff,
// jitter and Retry-After, paces requests, counts them, parses answers through the guarded
// JsonField, and scrubs the service's secrets from every message it lets out.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/net/http_transport.h"
#include "core/net/json_field.h"
#include "core/net/retry_policy.h"
#include "core/net/secret_scrubber.h"

namespace racesync {

class Clock;
class RatePacer;

struct ServiceOptions {
  std::string service;  // "racemap", "raceranger", "raceresult": never shares a connection
  std::string baseUrl;  // scheme://host[:port][/prefix]; a trailing '/' is dropped
  int timeoutMs = 30000;
  RetryPolicy retry;                                         // the default tries once
  std::vector<std::pair<std::string, std::string>> headers;  // sent with every request
  // Appended to a connection failure (nothing was sent) before the service ever answered, which
  // is then a RemoteError: a wrong base URL or no network, which a re-run will not fix. Once the
  // service has answered, a connection failure is retried like a lost answer.
  std::string unreachableFix;
};

// What a call needs of a 2xx answer's body. One that falls short is malformed: retried like a
// lost answer, then handed back with Reply::malformed set.
enum class Expect { kAnything, kJson, kJsonObject };

struct Call {
  std::string method = "GET";
  std::string target;  // path and query, joined to the base URL
  std::string name;    // the call in messages; "" means "METHOD path" (without the query)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string contentType;
  Expect expect = Expect::kAnything;
  // When set, a 2xx body is handed to this reader instead of being parsed as JSON (`expect` is
  // then ignored): a large answer is read once, by the one who needs it. It returns false, with
  // the reason in `why`, when the body falls short; the answer is then malformed as above. It is
  // called once per 2xx answer, so it must start afresh each time.
  std::function<bool(const std::string& body, std::string& why)> read;
};

struct Reply {
  HttpResponse response;
  JsonField json;  // the body parsed, unless Expect::kAnything (null when it is not as expected)
  int tries = 0;
  // The last answer is still one worth another try (429, 5xx, malformed): the tries ran out.
  bool gaveUp = false;
  std::string malformed;  // why a 2xx body falls short of Call::expect; "" when it does not
};

class HttpClient {
 public:
  // Borrows `transport` and `clock` (for pauses; may be null when options.retry.maxTries is 1
  // and no pacer is set). `seed` drives the jitter. Secrets in the base URL's user info are
  // scrubbed like any other.
  HttpClient(HttpTransport& transport, Clock* clock, ServiceOptions options,
             std::uint32_t seed = 0);

  // Scrubs `secret` from every message, answer text and -v line of this client from now on.
  void addSecret(const std::string& secret);
  // Sends "Authorization: Bearer <token>" with every request ("" sends none); a secret.
  void setBearer(const std::string& token);
  // Paces every try with `pacer` (borrowed), which also adopts the X-RateLimit-Limit-Minute and
  // -Hour limits each answer announces.
  void pace(RatePacer& pacer);

  // Sends `call`, trying again per the retry policy. Returns the first answer that is final, or
  // the last one with gaveUp set. Throws TransportError (scrubbed) when the last try got no answer,
  // RemoteError when the service cannot be reached at all (see ServiceOptions::unreachableFix).
  Reply send(const Call& call);
  // As send, but tried exactly once: for calls that are not idempotent.
  Reply sendOnce(const Call& call);

  // Runs `body` (a public call of a client) so that only racesync's exceptions leave it, each
  // with this client's secrets scrubbed from its message; a Poco exception becomes a RemoteError.
  template <class Body>
  auto guarded(Body&& body) -> decltype(body()) {
    try {
      return body();
    } catch (const RacesyncError& e) {
      rethrowScrubbed(e);
    } catch (const Poco::Exception& e) {
      rethrowForeign(e);
    }
  }

  std::string scrub(const std::string& text) const { return scrubber_->scrub(text); }
  // "METHOD path" of a call, as messages name it.
  static std::string nameOf(const Call& call);
  const ServiceOptions& options() const { return options_; }
  // Requests sent so far, retries included.
  long long requestCount() const { return requests_; }

 private:
  Reply exchange(const Call& call, int maxTries);
  HttpRequest requestFor(const Call& call) const;
  Reply judge(const Call& call, HttpResponse response) const;
  // Throws unless a transport failure on try `attempt` is worth another try.
  void checkFailure(const TransportError& error, bool last) const;
  void pause(int attempt, const HttpResponse* response);
  void adoptLimits(const HttpResponse& response);
  [[noreturn]] void rethrowScrubbed(const RacesyncError& error) const;
  [[noreturn]] void rethrowForeign(const Poco::Exception& error) const;

  HttpTransport& transport_;
  Clock* clock_;
  ServiceOptions options_;
  std::shared_ptr<SecretScrubber> scrubber_;
  std::string bearer_;
  RatePacer* pacer_ = nullptr;
  std::mt19937 random_;
  long long requests_ = 0;
  bool answered_ = false;  // the service has answered once: a connection failure is transient
};

}  // namespace racesync
