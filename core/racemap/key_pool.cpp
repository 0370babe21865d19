#include "core/racemap/key_pool.h"

#include <algorithm>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/racemap/racemap_client.h"
#include "core/store/key_records.h"
#include "core/store/state_store.h"

namespace racesync {

// The generate calls of one run: the latest listing (read once after the last call), the starters
// read before the first (a key handed out since is a conflict the next run reports), and the
// failure that ended them.
struct KeyPool::Requests {
  KeyListing last;                 // normalised once, at the end (finish)
  std::vector<std::string> texts;  // the key list as last read
  long long listed = 0;            // entries in the list read before the calls
  std::vector<RacemapStarterView> starters;
  KeyHolders holders;
  std::unique_ptr<Poco::Exception> failure;
  bool called = false;
  bool extended = true;  // the list read after the calls began with the one read before them
  // The keys the calls brought and how each call ended, written once at the end (finish): a
  // transaction per call rewrote index pages all over the keys table, so that 200 calls at
  // 200,000 registrants cost quadratic time. A crash before that write leaves the calls pending;
  // the next run adopts their keys from RACEMAP's list.
  std::vector<NewKey> fresh;
  struct Settled {
    Poco::Int64 id;
    std::string outcome;
    long long adopted;
    std::string at;
  };
  std::vector<Settled> settled;
};

KeyPool::KeyPool(StateStore& store, RacemapClient& client, Clock& clock)
    : store_(store),
      client_(client),
      clock_(clock),
      records_(std::make_unique<KeyRecords>(store)) {}

KeyPool::~KeyPool() = default;

KeysInput KeyPool::read() {
  KeysInput input;
  input.eventId = client_.config().eventId;
  input.texts = client_.starterKeys();
  input.starters = client_.starters();
  input.listing = listingOf(input.texts, input.starters);
  input.holders = holdersOf(input.starters);
  input.stored = records_->keys();
  input.pending = records_->pendingRequests();
  input.activeInOrder = records_->activeRegistrantsInKeyOrder();
  input.keysOfWithdrawn = records_->keysOfWithdrawn();
  input.nowMs = clock_.nowMs();
  return input;
}

void KeyPool::applyPlan(const KeyPlan& plan, KeyPoolReport& report) {
  const std::string at = isoUtc(clock_.nowMs());
  store_.transact([&] {
    records_->adopt(plan.changes.adoptions, at, 0);
    records_->setStates(plan.changes.states);
    for (const auto& [id, outcome] : plan.pending.settle) {
      records_->settleRequest(id, outcome, report.adopted, at);
    }
    records_->release(plan.releases);
  });
}

namespace {

// One generate call, sent once: "ok", or how it failed (the failure kept in `failure`).
std::string generate(RacemapClient& client, long long count,
                     std::unique_ptr<Poco::Exception>& failure) {
  try {
    client.generateStarterKeys(static_cast<int>(count));
    return "ok";
  } catch (const TransportError& e) {
    failure.reset(e.clone());
    return e.failure() == TransportFailure::kTimeout ? "timeout" : "dropped";
  } catch (const RacesyncError& e) {
    failure.reset(e.clone());
    return "error: " + e.message();
  }
}

}  // namespace

std::vector<KeyPool::Call> KeyPool::callAll(long long deficit, const KeyPoolOptions& options,
                                            Poco::Int64 runId, Requests& state,
                                            KeyPoolReport& report) {
  // Each call is recorded before it is made, with the list size it expects before it (what the
  // list held plus what the calls before it asked for): a dead run's request settles against
  // that (settlePending). The next call goes out once this one has answered, and none after one
  // that failed.
  std::vector<Call> calls;
  long long expected = state.listed;
  for (long long asked = 0; asked < deficit && !state.failure;) {
    const long long count = std::min<long long>(deficit - asked, options.maxKeysPerCall);
    const Poco::Int64 id = records_->recordRequest(runId, count, expected, isoUtc(clock_.nowMs()));
    ++report.generateCalls;
    report.requested += count;
    calls.push_back(Call{id, count, generate(client_, count, state.failure)});
    asked += count;
    expected += count;
  }
  return calls;
}

void KeyPool::request(KeyPlan& plan, const KeyPoolOptions& options, Poco::Int64 runId,
                      Requests& state, KeyPoolReport& report) {
  const std::string eventId = client_.config().eventId;
  if (plan.deficit <= 0) return;
  if (plan.pending.unsettled) {
    state.failure = std::make_unique<TemporaryError>(
        "racemap: an earlier key request has not shown up in event " + eventId +
        " yet: run again later (racesync never asks twice for the same keys)");
    return;
  }
  const std::vector<Call> calls = callAll(plan.deficit, options, runId, state, report);
  // Whatever happened, RACEMAP's key list says what exists now: read once, after the last call
  // (a call that answered made its keys; one that failed ended the calls). Reading it after each
  // of 200 calls at 200,000 registrants moved 180 MB. If it cannot be read, the requests stay
  // pending and the next run adopts their keys.
  RacemapClient::KeyListUpdate update;
  try {
    update = client_.starterKeysUpdate();
  } catch (const RacesyncError& e) {
    throw TemporaryError("racemap: the outcome of " + std::to_string(calls.size()) +
                         " key request(s) for " + std::to_string(report.requested) +
                         " keys is unknown (" + e.message() +
                         "): run again later, it will adopt those keys");
  }
  state.called = true;
  const std::size_t known = absorb(state, std::move(update));
  const std::vector<KeyAdoption> adopted = newKeys(plan.book, state.texts, state.holders, known);
  settle(plan, calls, adopted, state);
  report.adopted += static_cast<long long>(adopted.size());
  const long long left = std::max(0LL, plan.needing - plan.book.pool());
  if (state.failure && left == 0) {
    report.notes.push_back("the answer to a key request was lost (" + state.failure->message() +
                           "); its keys were adopted from RACEMAP's key list");
    state.failure.reset();
  } else if (!state.failure && left > 0) {
    // Never ask again in the same run: RACEMAP may still be making them.
    report.notes.push_back(
        "RACEMAP answered " + std::to_string(calls.size()) + " key request(s) for " +
        std::to_string(report.requested) + " keys but lists " + std::to_string(adopted.size()) +
        " new keys: the next run asks for the " + std::to_string(left) + " still missing");
  }
}

void KeyPool::settle(KeyPlan& plan, const std::vector<Call>& calls,
                     const std::vector<KeyAdoption>& adopted, Requests& state) {
  // The new keys in list order (RACEMAP's creation order) go to the calls in the order they were
  // made, as many to each as it asked for; any beyond that (made by someone else meanwhile, or by
  // a call whose answer was lost) to the last.
  const std::string at = isoUtc(clock_.nowMs());
  std::size_t next = 0;
  for (std::size_t c = 0; c < calls.size(); ++c) {
    const bool last = c + 1 == calls.size();
    const std::size_t end =
        last ? adopted.size()
             : std::min(adopted.size(), next + static_cast<std::size_t>(calls[c].count));
    for (std::size_t i = next; i < end; ++i) {
      plan.book.adopt(adopted[i].key, adopted[i].state);
      state.fresh.push_back(NewKey{adopted[i].key, adopted[i].state, "", calls[c].id, at});
    }
    state.settled.push_back(
        Requests::Settled{calls[c].id, calls[c].outcome, static_cast<long long>(end - next), at});
    next = end;
  }
}

void KeyPool::finish(KeyPlan& plan, const KeysInput& input, Requests& state, Poco::Int64 runId,
                     KeyPoolReport& report) {
  KeyChanges last;
  // Keys may have gone while keys were made: then the last listing has the final word. A list
  // that only grew changes nothing but the keys adopted on the way.
  if (state.called && state.extended) {
    state.last.malformed = malformedTexts(state.texts);
  } else if (state.called) {
    state.last = listingOf(state.texts, state.starters);
    last = reconcileKeys(plan.book, state.last, state.holders);
    applyChanges(plan.book, last);
  }
  const KeyAssignment assignment = planAssignment(plan.book, input.activeInOrder);
  std::vector<Problem> problems = plan.problems;
  for (auto& problem : malformedProblems(state.last, input.eventId)) problems.push_back(problem);
  for (auto& problem : noKeyProblems(assignment.without)) problems.push_back(problem);
  const std::string at = isoUtc(clock_.nowMs());
  std::vector<std::string> keys, ids;
  assignFresh(state, assignment, keys, ids);
  store_.transact([&] {
    writeFresh(state, at);
    records_->adopt(last.adoptions, at, 0);
    records_->setStates(last.states);
    records_->assign(keys, ids, at);
    replaceProblems(store_, runId, "keys", problems);
  });
  // The book is not read again: what the assignment took from the pool is counted, not moved key
  // by key (200,000 hash lookups and holder inserts at 200,000 registrants).
  report.adopted += static_cast<long long>(last.adoptions.size());
  report.assigned = static_cast<long long>(assignment.keys.size());
  report.withoutKey = static_cast<long long>(assignment.without.size());
  report.free = plan.book.pool() - report.assigned;
  report.foreign = plan.book.count(KeyState::kForeign);
  report.malformed = static_cast<long long>(state.last.malformed.size());
  report.problems = std::move(problems);
}

std::size_t KeyPool::absorb(Requests& state, RacemapClient::KeyListUpdate update) {
  // The client's last list is the one read before this call (state.texts): an extended one
  // only appends; another is compared in full.
  if (update.extended) {
    const std::size_t known = state.texts.size();
    state.texts.insert(state.texts.end(), std::make_move_iterator(update.keys.begin()),
                       std::make_move_iterator(update.keys.end()));
    return known;
  }
  const std::size_t known = sharedPrefix(state.texts, update.keys);
  if (known < state.texts.size()) state.extended = false;
  state.texts = std::move(update.keys);
  return known;
}

void KeyPool::writeFresh(Requests& state, const std::string& at) {
  records_->insert(std::move(state.fresh), at);
  state.fresh.clear();
  for (const auto& call : state.settled) {
    records_->settleRequest(call.id, call.outcome, call.adopted, call.at);
  }
  state.settled.clear();
}

void KeyPool::assignFresh(Requests& state, const KeyAssignment& assignment,
                          std::vector<std::string>& keys, std::vector<std::string>& ids) {
  // A key adopted in this run and handed out in it is inserted assigned: no second write. The
  // fresh keys sorted once (their insert wants that order too) and searched, where a hash map of
  // them cost a node per key.
  std::sort(state.fresh.begin(), state.fresh.end(),
            [](const NewKey& a, const NewKey& b) { return a.key < b.key; });
  for (std::size_t i = 0; i < assignment.keys.size(); ++i) {
    const std::string& key = assignment.keys[i];
    auto found = std::lower_bound(state.fresh.begin(), state.fresh.end(), key,
                                  [](const NewKey& a, const std::string& k) { return a.key < k; });
    if (found != state.fresh.end() && found->key == key) {
      found->state = KeyState::kAssigned;
      found->registrationId = assignment.ids[i];
    } else {
      keys.push_back(key);
      ids.push_back(assignment.ids[i]);
    }
  }
}

namespace {

// What a dry run reports: the plan's lines and counts, as if the plan's assignments were made.
void reportDryRun(const KeyPlan& plan, const KeysInput& input, KeyPoolReport& report) {
  report.plan = describe(plan, input.eventId);
  const KeyAssignment assignment = planAssignment(plan.book, input.activeInOrder);
  report.assigned = static_cast<long long>(assignment.keys.size());
  report.withoutKey = static_cast<long long>(assignment.without.size());
  report.free = plan.book.pool() - report.assigned;
  report.foreign = plan.book.count(KeyState::kForeign);
  report.malformed = static_cast<long long>(input.listing.malformed.size());
  report.problems = plan.problems;
  for (auto& problem : malformedProblems(input.listing, input.eventId)) {
    report.problems.push_back(problem);
  }
  for (auto& problem : noKeyProblems(assignment.without)) report.problems.push_back(problem);
}

}  // namespace

KeyPoolReport KeyPool::sync(const KeyPoolOptions& options, Poco::Int64 runId) {
  client_.inspect();
  client_.eventName();
  const KeysInput input = read();
  KeyPlanOptions planOptions;
  planOptions.maxKeysPerCall = options.maxKeysPerCall;
  planOptions.releaseWithdrawn = options.releaseWithdrawn;
  planOptions.pendingGraceMs = options.pendingGraceMs;
  KeyPlan plan = planKeys(input, planOptions);

  KeyPoolReport report;
  report.notes = plan.notes;
  report.adopted = static_cast<long long>(plan.changes.adoptions.size());
  report.released = static_cast<long long>(plan.releases.size());
  if (options.dryRun) {
    reportDryRun(plan, input, report);
    return report;
  }
  applyPlan(plan, report);
  plan.book.reserve(plan.book.keys().size() +
                    static_cast<std::size_t>(std::max(0LL, plan.deficit)));
  Requests state;
  state.last = input.listing;
  state.texts = input.texts;
  state.listed = input.listing.listed;
  state.starters = input.starters;
  state.holders = input.holders;
  request(plan, options, runId, state, report);
  finish(plan, input, state, runId, report);
  if (state.failure) state.failure->rethrow();
  return report;
}

}  // namespace racesync
