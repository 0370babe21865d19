#include "core/net/retry_policy.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>

namespace racesync {

namespace {

// An IMF-fixdate ("Thu, 01 Jan 2026 00:00:30 GMT"), the date form RFC 9110 asks servers to send.
// Poco's parser alone takes almost any text for a date.
bool looksLikeHttpDate(const std::string& value) {
  return value.size() == 29 && value[3] == ',' && value.compare(26, 3, "GMT") == 0;
}

}  // namespace

bool RetryPolicy::retriesStatus(int status) { return status == 429 || status >= 500; }

std::int64_t RetryPolicy::backoffMs(int attempt, std::mt19937& random) const {
  std::int64_t ceiling = baseBackoffMs;
  for (int i = 1; i < attempt && ceiling < maxBackoffMs; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, maxBackoffMs);
  const auto randomShare = static_cast<std::int64_t>(static_cast<double>(ceiling) * jitter);
  if (randomShare <= 0) return ceiling;
  std::uniform_int_distribution<std::int64_t> draw(0, randomShare);
  return ceiling - randomShare + draw(random);
}

std::int64_t RetryPolicy::retryAfterMs(const std::string& header, std::int64_t nowMs) const {
  const std::string value = Poco::trim(header);
  if (value.empty()) return -1;
  std::int64_t waitMs = -1;
  Poco::UInt64 seconds = 0;
  Poco::DateTime at;
  int zone = 0;
  if (Poco::NumberParser::tryParseUnsigned64(value, seconds)) {
    waitMs = seconds > static_cast<Poco::UInt64>(maxRetryAfterMs / 1000 + 1)
                 ? maxRetryAfterMs
                 : static_cast<std::int64_t>(seconds) * 1000;
  } else if (looksLikeHttpDate(value) &&
             Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, value, at, zone)) {
    at.makeUTC(zone);
    waitMs = std::max<std::int64_t>(0, at.timestamp().epochMicroseconds() / 1000 - nowMs);
  }
  return waitMs < 0 ? -1 : std::min(waitMs, maxRetryAfterMs);
}

}  // namespace racesync
