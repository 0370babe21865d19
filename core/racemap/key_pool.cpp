#include "core/racemap/key_pool.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <memory>
#include <set>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/racemap/racemap_client.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

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

KeyPool::KeyPool(StateStore& store, RacemapClient& client, Clock& clock)
    : store_(store), client_(client), clock_(clock) {}

KeyPool::Remote KeyPool::readRemote() {
  Remote remote;
  std::vector<std::string> listed = client_.starterKeys();
  remote.listed = listed.size();
  std::set<std::string> seen;
  for (const auto& text : listed) {
    std::string key = normaliseKey(text);
    if (key.empty()) {
      remote.malformed.push_back(text);
    } else if (seen.insert(key).second) {
      remote.keys.push_back(key);
    }
  }
  remote.starters = client_.starters();
  for (const auto& starter : remote.starters) {
    std::string key = normaliseKey(starter.key);
    if (!key.empty()) remote.holders.emplace(key, &starter);
    // A starter holding a key missing from the key list still makes that key taken.
    if (!key.empty() && seen.insert(key).second) remote.keys.push_back(key);
  }
  return remote;
}

void KeyPool::loadStore() {
  keys_.clear();
  Poco::Data::Statement select(store_.session());
  select << "SELECT key, state, coalesce(registration_id, ''), released_from FROM keys";
  select.execute();
  Poco::Data::RecordSet rows(select);
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    keys_[rows[0].convert<std::string>()] =
        Stored{rows[1].convert<std::string>(), rows[2].convert<std::string>(),
               rows[3].convert<std::string>()};
  }
}

std::vector<KeyPool::Pending> KeyPool::loadPending() {
  Poco::Data::Statement select(store_.session());
  select << "SELECT id, count, keys_before, created_at FROM key_requests WHERE state = 'pending' "
            "ORDER BY id";
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<Pending> pending;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    pending.push_back(Pending{rows[0].convert<Poco::Int64>(), rows[1].convert<long long>(),
                              rows[2].convert<long long>(), rows[3].convert<std::string>()});
  }
  return pending;
}

long long KeyPool::reconcile(const Remote& remote, Poco::Int64 requestId, KeyPoolReport& report) {
  std::string at = isoUtc(clock_.nowMs());
  std::vector<std::pair<std::string, std::string>> inserts;  // key, state
  std::vector<std::pair<std::string, std::string>> updates;  // key, new state
  std::set<std::string> listed(remote.keys.begin(), remote.keys.end());

  for (const auto& key : remote.keys) {
    auto holder = remote.holders.find(key);
    auto stored = keys_.find(key);
    if (stored == keys_.end()) {
      inserts.emplace_back(key, holder == remote.holders.end() ? "free" : "foreign");
      continue;
    }
    Stored& mine = stored->second;
    if (mine.state == "assigned") {
      if (holder != remote.holders.end() && !holder->second->importId.empty() &&
          holder->second->importId != mine.registrationId) {
        report.problems.push_back(
            Problem{"keys", "", 0, mine.registrationId, "key_conflict",
                    "RACEMAP event " + client_.config().eventId + ": key " + key +
                        " of registrant " + mine.registrationId + " is held by starter '" +
                        holder->second->name + "' (importId '" + holder->second->importId + "')",
                    "the registrant keeps the key; remove it from that starter in RACEMAP"});
      }
      continue;
    }
    std::string wanted = mine.state == "gone" ? "free" : mine.state;
    if (holder != remote.holders.end()) {
      const bool ourStale = mine.state == "released" && !mine.releasedFrom.empty() &&
                            holder->second->importId == mine.releasedFrom;
      if (!ourStale) wanted = "foreign";
    } else if (mine.state == "foreign") {
      wanted = "free";
    }
    if (wanted != mine.state) updates.emplace_back(key, wanted);
  }
  for (const auto& [key, mine] : keys_) {
    if (mine.state != "assigned" && mine.state != "gone" && listed.count(key) == 0) {
      updates.emplace_back(key, "gone");  // deleted in RACEMAP: never hand it out
    }
  }
  for (const auto& text : remote.malformed) {
    report.problems.push_back(Problem{"keys", "", 0, "", "malformed_key",
                                      "RACEMAP event " + client_.config().eventId + ": key '" +
                                          text +
                                          "' is not six letters or digits: it is never assigned",
                                      "check the event's keys in RACEMAP"});
  }

  if (!dryRun_) {
    store_.transact([&] {
      for (auto& [key, state] : inserts) {
        Poco::Nullable<Poco::Int64> request;
        if (requestId != 0) request = requestId;
        store_.session() << "INSERT INTO keys (key, state, adopted_at, request_id) "
                            "VALUES (?, ?, ?, ?)",
            use(key), use(state), use(at), use(request), now;
      }
      for (auto& [key, state] : updates) {
        store_.session() << "UPDATE keys SET state = ? WHERE key = ?", use(state), use(key), now;
      }
    });
  }
  for (const auto& [key, state] : inserts) keys_[key] = Stored{state, "", ""};
  for (const auto& [key, state] : updates) keys_[key].state = state;
  return static_cast<long long>(inserts.size());
}

void KeyPool::finishRequest(Poco::Int64 requestId, const std::string& outcome, long long adopted) {
  if (dryRun_) return;
  std::string text = outcome;
  std::string at = isoUtc(clock_.nowMs());
  Poco::Int64 count = adopted;
  Poco::Int64 id = requestId;
  store_.transact([&] {
    store_.session() << "UPDATE key_requests SET state = 'reconciled', outcome = ?, adopted = ?, "
                        "reconciled_at = ? WHERE id = ?",
        use(text), use(count), use(at), use(id), now;
  });
}

long long KeyPool::releaseWithdrawn(const Remote& remote, KeyPoolReport& report) {
  Poco::Data::Statement select(store_.session());
  select << "SELECT k.key, k.registration_id FROM keys k JOIN registrants r "
            "ON r.id = k.registration_id WHERE k.state = 'assigned' AND r.status = 'withdrawn' "
            "ORDER BY k.key";
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<std::pair<std::string, std::string>> release;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    std::string key = rows[0].convert<std::string>();
    std::string id = rows[1].convert<std::string>();
    auto holder = remote.holders.find(key);
    if (holder != remote.holders.end() && holder->second->keyUsed) {
      report.notes.push_back("key " + key + " of withdrawn registrant " + id +
                             " was used in the app: kept");
      continue;
    }
    release.emplace_back(key, id);
  }
  if (dryRun_) {
    if (!release.empty()) {
      report.plan.push_back("release " + std::to_string(release.size()) +
                            " unused keys of withdrawn registrants");
    }
  } else {
    store_.transact([&] {
      for (auto& [key, id] : release) {
        store_.session() << "UPDATE keys SET state = 'released', registration_id = NULL, "
                            "released_from = ? WHERE key = ?",
            use(id), use(key), now;
      }
    });
  }
  for (const auto& [key, id] : release) keys_[key] = Stored{"released", "", id};
  return static_cast<long long>(release.size());
}

long long KeyPool::poolSize() const {
  return std::count_if(keys_.begin(), keys_.end(), [](const auto& entry) {
    return entry.second.state == "free" || entry.second.state == "released";
  });
}

long long KeyPool::registrantsNeedingKeys() {
  // Counted against the mirror, so that a dry run's releases are seen.
  std::set<std::string> holders;
  for (const auto& [key, mine] : keys_) {
    if (mine.state == "assigned") holders.insert(mine.registrationId);
  }
  std::vector<std::string> active;
  store_.session() << "SELECT id FROM registrants WHERE status = 'active'", into(active), now;
  return std::count_if(active.begin(), active.end(),
                       [&](const std::string& id) { return holders.count(id) == 0; });
}

void KeyPool::assign(KeyPoolReport& report) {
  std::set<std::string> holders;
  for (const auto& [key, mine] : keys_) {
    if (mine.state == "assigned") holders.insert(mine.registrationId);
  }
  // Registrants in the order they first arrived, then as they appear in the export.
  std::vector<std::string> ordered;
  store_.session() << "SELECT id FROM registrants WHERE status = 'active' "
                      "ORDER BY coalesce(first_run, 0), source, line, id",
      into(ordered), now;
  std::vector<std::string> needing;
  for (const auto& id : ordered) {
    if (holders.count(id) == 0) needing.push_back(id);
  }
  // Fresh keys first, then keys freed from withdrawn registrants; each group by key.
  std::vector<std::string> pool;
  for (const char* state : {"free", "released"}) {
    for (const auto& [key, mine] : keys_) {
      if (mine.state == state) pool.push_back(key);
    }
  }
  const size_t n = std::min(needing.size(), pool.size());
  std::vector<std::string> keys(pool.begin(), pool.begin() + static_cast<long>(n));
  std::vector<std::string> ids(needing.begin(), needing.begin() + static_cast<long>(n));
  if (dryRun_) {
    if (n > 0) report.plan.push_back("assign " + std::to_string(n) + " keys to registrants");
  } else if (n > 0) {
    std::vector<std::string> at(n, isoUtc(clock_.nowMs()));  // bulk bindings share one size
    store_.transact([&] {
      store_.session() << "UPDATE keys SET state = 'assigned', registration_id = ?, "
                          "assigned_at = ?, released_from = '' WHERE key = ?",
          use(ids), use(at), use(keys), now;
    });
  }
  for (size_t i = 0; i < n; ++i) keys_[keys[i]] = Stored{"assigned", ids[i], ""};
  report.assigned = static_cast<long long>(n);
  for (size_t i = n; i < needing.size(); ++i) {
    report.problems.push_back(Problem{"keys", "", 0, needing[i], "no_key",
                                      "registrant " + needing[i] + " has no RACEMAP key yet",
                                      "run again: racesync asks RACEMAP for the missing keys"});
  }
  report.withoutKey = static_cast<long long>(needing.size() - n);
}

KeyPoolReport KeyPool::sync(const KeyPoolOptions& options, Poco::Int64 runId) {
  dryRun_ = options.dryRun;
  runId_ = runId;
  KeyPoolReport report;
  const std::string eventId = client_.config().eventId;
  client_.inspect();
  client_.eventName();

  Remote remote = readRemote();
  loadStore();
  std::vector<Pending> pending = loadPending();
  report.adopted += reconcile(remote, 0, report);

  // A dead run's request: its keys are adopted above whenever RACEMAP made them. One whose keys
  // have not shown up is only given up after the grace time, as RACEMAP may still be making them.
  bool unsettled = false;
  for (const auto& request : pending) {
    const bool visible =
        static_cast<long long>(remote.listed) >= request.keysBefore + request.count;
    Poco::DateTime created;
    int zone = 0;
    long long ageMs = options.pendingGraceMs;
    if (Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, request.createdAt,
                                       created, zone)) {
      ageMs = clock_.nowMs() - created.timestamp().epochMicroseconds() / 1000;
    }
    if (!visible && ageMs < options.pendingGraceMs) {
      unsettled = true;
      report.notes.push_back("key request " + std::to_string(request.id) + " of " +
                             std::to_string(request.count) + " keys (" + request.createdAt +
                             ") has not shown up in RACEMAP yet: not asking again before it is " +
                             std::to_string(options.pendingGraceMs / 60000) + " minutes old");
      continue;
    }
    finishRequest(request.id, visible ? "adopted after restart" : "lost: never showed up",
                  report.adopted);
  }

  if (options.releaseWithdrawn) report.released = releaseWithdrawn(remote, report);

  std::unique_ptr<Poco::Exception> failure;
  long long deficit = std::max(0LL, registrantsNeedingKeys() - poolSize());
  if (deficit > 0 && options.dryRun) {
    report.plan.push_back("request " + std::to_string(deficit) + " keys from RACEMAP event " +
                          eventId);
  } else if (deficit > 0 && unsettled) {
    failure = std::make_unique<TemporaryError>(
        "racemap: an earlier key request has not shown up in event " + eventId +
        " yet: run again later (racesync never asks twice for the same keys)");
  }
  while (deficit > 0 && !options.dryRun && !failure) {
    const long long count = std::min<long long>(deficit, options.maxKeysPerCall);
    Poco::Int64 requestId = 0;
    {
      Poco::Int64 run = runId_;
      Poco::Int64 asked = count;
      Poco::Int64 before = static_cast<Poco::Int64>(remote.listed);
      std::string at = isoUtc(clock_.nowMs());
      store_.transact([&] {
        store_.session() << "INSERT INTO key_requests (run_id, count, keys_before, created_at) "
                            "VALUES (?, ?, ?, ?)",
            use(run), use(asked), use(before), use(at), now;
        store_.session() << "SELECT last_insert_rowid()", into(requestId), now;
      });
    }
    std::string outcome = "ok";
    try {
      ++report.generateCalls;
      report.requested += count;
      client_.generateStarterKeys(static_cast<int>(count));
    } catch (const TransportError& e) {
      outcome = e.failure() == TransportFailure::kTimeout ? "timeout" : "dropped";
      failure.reset(e.clone());
    } catch (const RacesyncError& e) {
      outcome = "error: " + e.message();
      failure.reset(e.clone());
    }
    // Whatever happened, RACEMAP's key list says what exists now. If it cannot be read, the
    // request stays pending and the next run adopts its keys.
    try {
      remote = readRemote();
    } catch (const RacesyncError& e) {
      throw TemporaryError("racemap: the outcome of a request for " + std::to_string(count) +
                           " keys is unknown (" + e.message() +
                           "): run again later, it will adopt those keys");
    }
    const long long adopted = reconcile(remote, requestId, report);
    report.adopted += adopted;
    finishRequest(requestId, outcome, adopted);
    if (failure) break;
    const long long left = std::max(0LL, registrantsNeedingKeys() - poolSize());
    if (left >= deficit) {
      report.notes.push_back("RACEMAP answered the key request but listed no new key");
      break;  // never loop on a server that does not deliver
    }
    deficit = left;
  }
  if (failure && registrantsNeedingKeys() <= poolSize()) {
    report.notes.push_back("the answer to a key request was lost (" + failure->message() +
                           "); its keys were adopted from RACEMAP's key list");
    failure.reset();
  }

  assign(report);
  report.free = poolSize();
  report.foreign = std::count_if(keys_.begin(), keys_.end(),
                                 [](const auto& entry) { return entry.second.state == "foreign"; });
  report.malformed = static_cast<long long>(remote.malformed.size());
  if (!options.dryRun) replaceProblems(store_, runId_, "keys", report.problems);
  if (failure) failure->rethrow();
  return report;
}

}  // namespace racesync
