#include "core/racemap/key_plan.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>

#include <algorithm>
#include <unordered_set>

namespace racesync {

std::string normaliseKey(const std::string& text) {
  if (text.size() != 6) return "";
  std::string key = text;
  for (char& c : key) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return "";
  }
  return key;
}

KeyHolders holdersOf(const std::vector<RacemapStarterView>& starters) {
  KeyHolders holders;
  for (const auto& starter : starters) {
    std::string key = normaliseKey(starter.key);
    if (!key.empty()) holders.emplace(std::move(key), starter);
  }
  return holders;
}

KeyListing listingOf(const std::vector<std::string>& texts,
                     const std::vector<RacemapStarterView>& starters) {
  KeyListing listing;
  listing.listed = static_cast<long long>(texts.size());
  listing.keys.reserve(texts.size());
  std::unordered_set<std::string> seen;
  seen.reserve(texts.size() + starters.size());
  for (const auto& text : texts) {
    std::string key = normaliseKey(text);
    if (key.empty()) {
      listing.malformed.push_back(text);
    } else if (seen.insert(key).second) {
      listing.keys.push_back(std::move(key));
    }
  }
  for (const auto& starter : starters) {
    std::string key = normaliseKey(starter.key);
    if (!key.empty() && seen.insert(key).second) listing.keys.push_back(std::move(key));
  }
  return listing;
}

std::vector<std::string> malformedTexts(const std::vector<std::string>& texts) {
  std::vector<std::string> malformed;
  for (const auto& text : texts) {
    if (normaliseKey(text).empty()) malformed.push_back(text);
  }
  return malformed;
}

namespace {

// The state a known, listed, unassigned key should be in.
KeyState wantedState(const KeyRecord& mine, const KeyHolders::const_iterator holder,
                     const KeyHolders& holders) {
  KeyState wanted = mine.state == KeyState::kGone ? KeyState::kFree : mine.state;
  if (holder != holders.end()) {
    // A released key still held by the starter of the registrant it was taken from is ours.
    const bool ourStale = mine.state == KeyState::kReleased && !mine.releasedFrom.empty() &&
                          holder->second.importId == mine.releasedFrom;
    if (!ourStale) wanted = KeyState::kForeign;
  } else if (mine.state == KeyState::kForeign) {
    wanted = KeyState::kFree;
  }
  return wanted;
}

KeyState newState(const std::string& key, const KeyHolders& holders) {
  return holders.count(key) ? KeyState::kForeign : KeyState::kFree;
}

}  // namespace

KeyChanges reconcileKeys(const KeyBook& book, const KeyListing& listing,
                         const KeyHolders& holders) {
  KeyChanges changes;
  for (const auto& key : listing.keys) {
    const KeyRecord* mine = book.find(key);
    if (!mine) {
      changes.adoptions.push_back(KeyAdoption{key, newState(key, holders)});
    } else if (mine->state != KeyState::kAssigned) {
      const KeyState wanted = wantedState(*mine, holders.find(key), holders);
      if (wanted != mine->state) changes.states.emplace_back(key, wanted);
    }
  }
  std::unordered_set<std::string> listed(listing.keys.begin(), listing.keys.end());
  for (const auto& [key, mine] : book.keys()) {
    if (mine.state != KeyState::kAssigned && mine.state != KeyState::kGone &&
        listed.count(key) == 0) {
      changes.states.emplace_back(key, KeyState::kGone);  // deleted in RACEMAP: never hand it out
    }
  }
  return changes;
}

std::vector<KeyAdoption> newKeys(const KeyBook& book, const std::vector<std::string>& texts,
                                 const KeyHolders& holders, std::size_t from) {
  std::vector<KeyAdoption> adoptions;
  std::unordered_set<std::string> fresh;
  for (std::size_t i = from; i < texts.size(); ++i) {
    std::string key = normaliseKey(texts[i]);
    if (key.empty() || book.find(key) || !fresh.insert(key).second) continue;
    KeyState state = newState(key, holders);
    adoptions.push_back(KeyAdoption{std::move(key), state});
  }
  return adoptions;
}

std::size_t sharedPrefix(const std::vector<std::string>& before,
                         const std::vector<std::string>& now) {
  const std::size_t n = std::min(before.size(), now.size());
  std::size_t i = 0;
  while (i < n && before[i] == now[i]) ++i;
  return i;
}

void applyChanges(KeyBook& book, const KeyChanges& changes) {
  for (const auto& adoption : changes.adoptions) book.adopt(adoption.key, adoption.state);
  for (const auto& [key, state] : changes.states) book.set(key, state);
}

std::vector<Problem> conflictProblems(const KeyBook& book, const KeyHolders& holders,
                                      const std::string& eventId) {
  std::vector<std::string> keys;
  for (const auto& [key, holder] : holders) {
    const KeyRecord* mine = book.find(key);
    if (mine && mine->state == KeyState::kAssigned && !holder.importId.empty() &&
        holder.importId != mine->registrationId) {
      keys.push_back(key);
    }
  }
  std::sort(keys.begin(), keys.end());
  std::vector<Problem> problems;
  for (const auto& key : keys) {
    const RacemapStarterView& holder = holders.at(key);
    const std::string& id = book.find(key)->registrationId;
    problems.push_back(Problem{"keys", "", 0, id, "key_conflict",
                               "RACEMAP event " + eventId + ": key " + key + " of registrant " +
                                   id + " is held by starter '" + holder.name + "' (importId '" +
                                   holder.importId + "')",
                               "the registrant keeps the key; remove it from that starter in "
                               "RACEMAP"});
  }
  return problems;
}

std::vector<Problem> malformedProblems(const KeyListing& listing, const std::string& eventId) {
  std::vector<Problem> problems;
  for (const auto& text : listing.malformed) {
    problems.push_back(Problem{"keys", "", 0, "", "malformed_key",
                               "RACEMAP event " + eventId + ": key '" + text +
                                   "' is not six letters or digits: it is never assigned",
                               "check the event's keys in RACEMAP"});
  }
  return problems;
}

PendingSettlement settlePending(const std::vector<KeyRequestRecord>& pending, long long listed,
                                long long nowMs, long long graceMs) {
  // A dead run's request: its keys are adopted whenever RACEMAP made them. One whose keys have
  // not shown up is only given up after the grace time, as RACEMAP may still be making them.
  PendingSettlement result;
  for (const auto& request : pending) {
    const bool visible = listed >= request.keysBefore + request.count;
    Poco::DateTime created;
    int zone = 0;
    long long ageMs = graceMs;
    if (Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, request.createdAt,
                                       created, zone)) {
      ageMs = nowMs - created.timestamp().epochMicroseconds() / 1000;
    }
    if (!visible && ageMs < graceMs) {
      result.unsettled = true;
      result.notes.push_back("key request " + std::to_string(request.id) + " of " +
                             std::to_string(request.count) + " keys (" + request.createdAt +
                             ") has not shown up in RACEMAP yet: not asking again before it is " +
                             std::to_string(graceMs / 60000) + " minutes old");
      continue;
    }
    result.settle.emplace_back(request.id,
                               visible ? "adopted after restart" : "lost: never showed up");
  }
  return result;
}

std::vector<long long> splitRequests(long long deficit, int maxPerCall) {
  std::vector<long long> counts;
  const long long cap = std::max(1, maxPerCall);
  for (long long left = deficit; left > 0; left -= cap) counts.push_back(std::min(left, cap));
  return counts;
}

KeyAssignment planAssignment(const KeyBook& book, const std::vector<std::string>& activeInOrder) {
  KeyAssignment assignment;
  std::vector<std::string> needing;
  for (const auto& id : activeInOrder) {
    if (!book.holdsKey(id)) needing.push_back(id);
  }
  std::vector<std::string> pool = book.poolInOrder();
  const std::size_t n = std::min(needing.size(), pool.size());
  assignment.keys.assign(pool.begin(), pool.begin() + static_cast<long>(n));
  assignment.ids.assign(needing.begin(), needing.begin() + static_cast<long>(n));
  assignment.without.assign(needing.begin() + static_cast<long>(n), needing.end());
  return assignment;
}

std::vector<Problem> noKeyProblems(const std::vector<std::string>& without) {
  std::vector<Problem> problems;
  problems.reserve(without.size());
  for (const auto& id : without) {
    problems.push_back(Problem{"keys", "", 0, id, "no_key",
                               "registrant " + id + " has no RACEMAP key yet",
                               "run again: racesync asks RACEMAP for the missing keys"});
  }
  return problems;
}

namespace {

// The unused keys of withdrawn registrants; a key used in the app is kept (and noted).
std::vector<std::pair<std::string, std::string>> releasesOf(
    const std::vector<std::pair<std::string, std::string>>& keysOfWithdrawn,
    const KeyHolders& holders, std::vector<std::string>& notes) {
  std::vector<std::pair<std::string, std::string>> releases;
  for (const auto& [key, id] : keysOfWithdrawn) {
    auto holder = holders.find(key);
    if (holder != holders.end() && holder->second.keyUsed) {
      notes.push_back("key " + key + " of withdrawn registrant " + id +
                      " was used in the app: kept");
      continue;
    }
    releases.emplace_back(key, id);
  }
  return releases;
}

}  // namespace

KeyPlan planKeys(const KeysInput& input, const KeyPlanOptions& options) {
  KeyPlan plan;
  plan.book = KeyBook(input.stored);
  plan.problems = conflictProblems(plan.book, input.holders, input.eventId);
  plan.changes = reconcileKeys(plan.book, input.listing, input.holders);
  applyChanges(plan.book, plan.changes);
  plan.pending =
      settlePending(input.pending, input.listing.listed, input.nowMs, options.pendingGraceMs);
  plan.notes = plan.pending.notes;
  if (options.releaseWithdrawn) {
    plan.releases = releasesOf(input.keysOfWithdrawn, input.holders, plan.notes);
    for (const auto& [key, id] : plan.releases) plan.book.set(key, KeyState::kReleased, "", id);
  }
  for (const auto& id : input.activeInOrder) {
    if (!plan.book.holdsKey(id)) ++plan.needing;
  }
  plan.deficit = std::max(0LL, plan.needing - plan.book.pool());
  if (!plan.pending.unsettled) plan.requests = splitRequests(plan.deficit, options.maxKeysPerCall);
  plan.assignable = std::min(plan.needing, plan.book.pool());
  return plan;
}

std::vector<std::string> describe(const KeyPlan& plan, const std::string& eventId) {
  std::vector<std::string> lines;
  if (!plan.releases.empty()) {
    lines.push_back("release " + std::to_string(plan.releases.size()) +
                    " unused keys of withdrawn registrants");
  }
  if (plan.deficit > 0) {
    lines.push_back("request " + std::to_string(plan.deficit) + " keys from RACEMAP event " +
                    eventId);
  }
  if (plan.assignable > 0) {
    lines.push_back("assign " + std::to_string(plan.assignable) + " keys to registrants");
  }
  return lines;
}

}  // namespace racesync
