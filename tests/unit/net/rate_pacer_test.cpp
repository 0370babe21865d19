#include "core/net/rate_pacer.h"

#include <boost/test/unit_test.hpp>

#include <deque>

#include "core/base/clock.h"

using namespace racesync;

namespace {

// The most sends inside any window of `windowMs` among `times` (sorted).
int peak(const std::deque<std::int64_t>& times, std::int64_t windowMs) {
  int best = 0;
  std::size_t first = 0;
  for (std::size_t last = 0; last < times.size(); ++last) {
    while (times[first] <= times[last] - windowMs) ++first;
    best = std::max(best, static_cast<int>(last - first + 1));
  }
  return best;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rate_pacer_test)

BOOST_AUTO_TEST_CASE(does_not_wait_below_the_limits) {
  ManualClock clock;
  RatePacer pacer(clock, 120, 1000);
  for (int i = 0; i < 120; ++i) pacer.acquire();
  BOOST_TEST(clock.sleptMs() == 0);
  BOOST_TEST(pacer.waitedMs() == 0);
}

BOOST_AUTO_TEST_CASE(waits_until_the_oldest_request_leaves_the_minute) {
  ManualClock clock;
  RatePacer pacer(clock, 120, 1000);
  std::int64_t start = clock.nowMs();
  for (int i = 0; i < 120; ++i) pacer.acquire();
  clock.advanceMs(1500);
  pacer.acquire();
  BOOST_TEST(clock.nowMs() - start == 60000);
  BOOST_TEST(clock.sleptMs() == 58500);
}

BOOST_AUTO_TEST_CASE(keeps_every_sliding_minute_and_hour_within_the_limits) {
  ManualClock clock;
  RatePacer pacer(clock, 120, 1000);
  std::deque<std::int64_t> sent;
  std::int64_t start = clock.nowMs();
  for (int i = 0; i < 2500; ++i) {
    pacer.acquire();
    sent.push_back(clock.nowMs());
    clock.advanceMs(10);  // the request itself takes a little time
  }
  BOOST_TEST(peak(sent, 60000) == 120);
  BOOST_TEST(peak(sent, 3600000) == 1000);
  // 2500 requests at 1000 an hour: the 2001st waits for the 1001st to leave its hour.
  BOOST_TEST(sent.back() - start >= 2 * 3600000);
  BOOST_TEST(pacer.waitedMs() == clock.sleptMs());
}

BOOST_AUTO_TEST_CASE(new_limits_apply_to_the_requests_already_sent) {
  ManualClock clock;
  RatePacer pacer(clock, 120, 1000);
  for (int i = 0; i < 10; ++i) pacer.acquire();
  pacer.setLimits(10, 1000);
  pacer.acquire();
  BOOST_TEST(clock.sleptMs() == 60000);
}

BOOST_AUTO_TEST_SUITE_END()
