#include "core/raceranger/read_back_plan.h"

#include <algorithm>
#include <numeric>
#include <sstream>

namespace racesync {

long long estimateRequests(const RaceReadBack& race) {
  if (race.lastMs >= 0 && race.lastHeld > 0 && race.lastPages > 0) {
    // Rounded up: a partly filled last page makes the page size look smaller, never larger.
    const long long perPage = std::max(1LL, race.lastHeld / race.lastPages);
    return std::max(race.lastPages, race.records / perPage + 1);
  }
  return race.records / kAssumedPageSize + 1;
}

std::vector<ReadBackDecision> planReadBack(const std::vector<RaceReadBack>& races,
                                           const ReadBackPolicy& policy, long long nowMs) {
  std::vector<std::size_t> order(races.size());
  std::iota(order.begin(), order.end(), 0);
  // Never read (-1) sorts first, then the oldest reading; ties keep the given order.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return races[a].lastMs < races[b].lastMs; });
  std::vector<ReadBackDecision> decisions(races.size());
  long long left = policy.budget;
  for (std::size_t i : order) {
    const RaceReadBack& race = races[i];
    ReadBackDecision& decision = decisions[i];
    decision.raceId = race.raceId;
    decision.estimate = estimateRequests(race);
    const bool old =
        policy.everyMs > 0 && (race.lastMs < 0 || nowMs - race.lastMs >= policy.everyMs);
    if (decision.estimate <= left) {
      decision.read = true;
    } else if (old) {
      decision.read = true;
      decision.due = true;
    }
    if (decision.read) left -= decision.estimate;
  }
  return decisions;
}

std::string readBackMemo(long long ms, long long pages, long long held) {
  return std::to_string(ms) + " " + std::to_string(pages) + " " + std::to_string(held);
}

void parseReadBackMemo(const std::string& memo, RaceReadBack& race) {
  std::istringstream in(memo);
  long long ms = -1, pages = 0, held = 0;
  std::string rest;
  if (!(in >> ms >> pages >> held) || (in >> rest) || ms < 0 || pages < 0 || held < 0) return;
  race.lastMs = ms;
  race.lastPages = pages;
  race.lastHeld = held;
}

}  // namespace racesync
