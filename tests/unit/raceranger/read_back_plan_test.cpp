#include "core/raceranger/read_back_plan.h"

#include <boost/test/unit_test.hpp>

using namespace racesync;

namespace {

const long long kHour = 3600 * 1000;

RaceReadBack race(const std::string& id, long long records, long long lastMs = -1,
                  long long lastPages = 0, long long lastHeld = 0) {
  RaceReadBack r;
  r.raceId = id;
  r.records = records;
  r.lastMs = lastMs;
  r.lastPages = lastPages;
  r.lastHeld = lastHeld;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(read_back_plan_test)

BOOST_AUTO_TEST_CASE(estimates_from_the_last_reading_else_a_hundred_a_page) {
  BOOST_TEST(estimateRequests(race("r", 0)) == 1);
  BOOST_TEST(estimateRequests(race("r", 10000)) == 101);
  // 250 athletes took 3 pages: 83 a page, so 1,000 take 13.
  BOOST_TEST(estimateRequests(race("r", 1000, 0, 3, 250)) == 13);
  // Fewer records than last time: never fewer pages than that reading took.
  BOOST_TEST(estimateRequests(race("r", 10, 0, 3, 250)) == 3);
}

BOOST_AUTO_TEST_CASE(reads_every_race_that_fits_the_budget) {
  ReadBackPolicy policy;
  policy.budget = 200;
  auto decisions = planReadBack({race("a", 5000, 0), race("b", 9000, 0)}, policy, kHour);
  BOOST_TEST(decisions.size() == 2u);
  BOOST_TEST(decisions[0].raceId == "a");
  BOOST_TEST(decisions[0].read);
  BOOST_TEST(decisions[1].read);
  BOOST_TEST(!decisions[0].due);
}

BOOST_AUTO_TEST_CASE(the_oldest_reading_goes_first_and_the_budget_stops_the_rest) {
  ReadBackPolicy policy;
  policy.budget = 150;
  // Each needs 101 requests: only one fits, the one read back longest ago.
  auto decisions = planReadBack({race("new", 10000, 5 * kHour), race("old", 10000, 1 * kHour)},
                                policy, 6 * kHour);
  BOOST_TEST(!decisions[0].read);
  BOOST_TEST(decisions[1].read);
  BOOST_TEST(decisions[1].estimate == 101);
}

BOOST_AUTO_TEST_CASE(a_race_never_read_back_goes_first_and_is_due) {
  ReadBackPolicy policy;
  policy.budget = 10;
  auto decisions = planReadBack({race("read", 100, 0), race("never", 200000)}, policy, kHour);
  BOOST_TEST(decisions[1].read);
  BOOST_TEST(decisions[1].due);    // 2,001 requests, far over the budget, but never checked
  BOOST_TEST(!decisions[0].read);  // the budget went to the one never read
}

BOOST_AUTO_TEST_CASE(a_race_over_the_budget_is_read_when_its_reading_is_old_enough) {
  ReadBackPolicy policy;
  policy.budget = 200;
  policy.everyMs = 168 * kHour;
  RaceReadBack big = race("big", 200000, 0, 1, 0);
  BOOST_TEST(!planReadBack({big}, policy, 167 * kHour)[0].read);
  ReadBackDecision decision = planReadBack({big}, policy, 168 * kHour)[0];
  BOOST_TEST(decision.read);
  BOOST_TEST(decision.due);
  BOOST_TEST(decision.estimate == 2001);
}

BOOST_AUTO_TEST_CASE(every_hours_zero_never_forces_a_reading) {
  ReadBackPolicy policy;
  policy.budget = 0;
  policy.everyMs = 0;
  auto decisions = planReadBack({race("never", 0), race("old", 5, 0)}, policy, 10000 * kHour);
  BOOST_TEST(!decisions[0].read);
  BOOST_TEST(!decisions[1].read);
}

BOOST_AUTO_TEST_CASE(a_memo_round_trips_and_a_bad_one_means_never_read) {
  RaceReadBack r = race("r", 0);
  parseReadBackMemo(readBackMemo(1767225600000, 5, 432), r);
  BOOST_TEST(r.lastMs == 1767225600000);
  BOOST_TEST(r.lastPages == 5);
  BOOST_TEST(r.lastHeld == 432);
  for (const char* bad : {"", "12", "1 2 x", "1 2 3 4", "-1 2 3"}) {
    RaceReadBack other = race("r", 0);
    parseReadBackMemo(bad, other);
    BOOST_TEST(other.lastMs == -1, bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
