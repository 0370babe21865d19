#include "core/net/retry_policy.h"

#include <boost/test/unit_test.hpp>

using racesync::RetryPolicy;

namespace {
const std::int64_t kNewYear2026 = 1767225600000;  // 2026-01-01T00:00:00Z
}

BOOST_AUTO_TEST_SUITE(retry_policy_test)

BOOST_AUTO_TEST_CASE(retries_429_and_5xx_only) {
  for (int status : {429, 500, 502, 503, 504, 599}) BOOST_TEST(RetryPolicy::retriesStatus(status));
  for (int status : {200, 204, 400, 401, 403, 404, 409, 413, 422}) {
    BOOST_TEST(!RetryPolicy::retriesStatus(status));
  }
}

BOOST_AUTO_TEST_CASE(doubles_the_pause_up_to_the_cap_without_jitter) {
  RetryPolicy policy;
  policy.baseBackoffMs = 1000;
  policy.maxBackoffMs = 5000;
  std::mt19937 random(1);
  BOOST_TEST(policy.backoffMs(1, random) == 1000);
  BOOST_TEST(policy.backoffMs(2, random) == 2000);
  BOOST_TEST(policy.backoffMs(3, random) == 4000);
  BOOST_TEST(policy.backoffMs(4, random) == 5000);
  BOOST_TEST(policy.backoffMs(40, random) == 5000);
}

BOOST_AUTO_TEST_CASE(jitter_keeps_each_pause_between_half_and_all_of_it) {
  RetryPolicy policy;
  policy.jitter = 0.5;
  std::mt19937 random(7);
  bool varied = false;
  for (int attempt = 1; attempt <= 8; ++attempt) {
    const std::int64_t ceiling = std::min<std::int64_t>(1000LL << (attempt - 1), 60000);
    for (int i = 0; i < 50; ++i) {
      const std::int64_t pause = policy.backoffMs(attempt, random);
      BOOST_TEST(pause >= ceiling / 2);
      BOOST_TEST(pause <= ceiling);
      varied = varied || pause != ceiling;
    }
  }
  BOOST_TEST(varied);
}

BOOST_AUTO_TEST_CASE(reads_retry_after_in_seconds_or_as_an_http_date) {
  RetryPolicy policy;
  BOOST_TEST(policy.retryAfterMs("7", kNewYear2026) == 7000);
  BOOST_TEST(policy.retryAfterMs(" 0 ", kNewYear2026) == 0);
  BOOST_TEST(policy.retryAfterMs("Thu, 01 Jan 2026 00:00:30 GMT", kNewYear2026) == 30000);
  BOOST_TEST(policy.retryAfterMs("Wed, 31 Dec 2025 23:00:00 GMT", kNewYear2026) == 0);
  BOOST_TEST(policy.retryAfterMs("", kNewYear2026) == -1);
  BOOST_TEST(policy.retryAfterMs("soon", kNewYear2026) == -1);
  BOOST_TEST(policy.retryAfterMs("-5", kNewYear2026) == -1);
}

BOOST_AUTO_TEST_CASE(cuts_a_retry_after_that_would_hold_the_run_for_days) {
  RetryPolicy policy;
  BOOST_TEST(policy.retryAfterMs("3480", kNewYear2026) == 3480000);
  BOOST_TEST(policy.retryAfterMs("4294967295", kNewYear2026) == 3600000);
  BOOST_TEST(policy.retryAfterMs("Fri, 01 Jan 2100 00:00:00 GMT", kNewYear2026) == 3600000);
}

BOOST_AUTO_TEST_SUITE_END()
