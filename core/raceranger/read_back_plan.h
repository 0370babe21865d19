// Which mapped RaceRanger races the raceranger step reads back in full this run. Reading a race
// back (its athlete listing, one request per page) is what lets RaceRanger be the truth, but at
// 100 athletes a page a race of 200,000 costs 2,000 requests: two hours of a 1,000-an-hour key.
// So each run spends at most a budget of requests on it, oldest reading first, and a race too
// large for the budget is read back anyway once its last reading is old enough. A race not read
// back is planned from racesync's records of what it pushed, and the run says so.
#pragma once

#include <string>
#include <vector>

namespace racesync {

// What the store remembers of one race: the athletes racesync's records place in it, and its last
// full reading (meta 'raceranger.read_back.<race id>').
struct RaceReadBack {
  std::string raceId;
  long long records = 0;    // athletes racesync last pushed to it
  long long lastMs = -1;    // when it was last read back in full; -1: never
  long long lastPages = 0;  // the requests that reading took
  long long lastHeld = 0;   // the athletes it listed then
};

struct ReadBackPolicy {
  long long budget = 200;                      // raceranger.read_back_budget: requests a run
  long long everyMs = 7LL * 24 * 3600 * 1000;  // raceranger.read_back_every_hours; 0: never
};

struct ReadBackDecision {
  std::string raceId;
  bool read = false;
  bool due = false;        // read although over the budget: its last reading is too old
  long long estimate = 0;  // requests its listing is expected to take
};

// Pages a listing of `race` is expected to take: as many per athlete as its last reading took
// (at least one page), else one page per kAssumedPageSize athletes of the records, plus one.
long long estimateRequests(const RaceReadBack& race);
constexpr long long kAssumedPageSize = 100;

// One decision per race, in the order given: races never read back come first, then the oldest
// readings, each read while its estimate fits what is left of the budget; a race that does not
// fit is read anyway when its last reading is policy.everyMs old or more (or it was never read
// and has records), so every race is checked at least that often. Pure.
std::vector<ReadBackDecision> planReadBack(const std::vector<RaceReadBack>& races,
                                           const ReadBackPolicy& policy, long long nowMs);

// The meta value of a reading ("<ms> <pages> <held>"), and back; a value that does not parse
// leaves `race` as never read back.
std::string readBackMemo(long long ms, long long pages, long long held);
void parseReadBackMemo(const std::string& memo, RaceReadBack& race);

}  // namespace racesync
