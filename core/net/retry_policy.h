// When a client tries a request again and how long it waits first: up to maxTries tries, pauses
// from baseBackoffMs doubling per try up to maxBackoffMs with a random share (jitter), and a
// server's Retry-After honoured. Which answers are worth another try is decided here too.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace racesync {

struct RetryPolicy {
  int maxTries = 1;  // 1: never tried again
  std::int64_t baseBackoffMs = 1000;
  std::int64_t maxBackoffMs = 60 * 1000;
  // The random share of each pause: 0 waits exactly the backoff, 0.5 waits between half and all
  // of it, so that the retries of many clients spread out yet each waits a while.
  double jitter = 0.0;
  // A Retry-After asking for longer is cut to this, so that no server can hold a run for days.
  std::int64_t maxRetryAfterMs = 60 * 60 * 1000;

  // 429 and every 5xx: answers a later try may turn into a success.
  static bool retriesStatus(int status);
  // The pause after failed try `attempt` (1-based): baseBackoffMs doubled attempt - 1 times, at
  // most maxBackoffMs, its jitter share drawn from `random`.
  std::int64_t backoffMs(int attempt, std::mt19937& random) const;
  // The wait a Retry-After header value asks for (seconds, or an HTTP date measured from
  // `nowMs`), at most maxRetryAfterMs; -1 when it is empty or unreadable.
  std::int64_t retryAfterMs(const std::string& header, std::int64_t nowMs) const;
};

}  // namespace racesync
