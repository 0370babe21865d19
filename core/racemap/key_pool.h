// The pool of RACEMAP starter keys of one event, kept in the store's keys table: it adopts every
// key RACEMAP lists, asks for exactly the deficit (crash-safe: intent first, reconcile after any
// outcome, never a blind retry) and hands keys to registrants for good. It reads, plans
// (key_plan.h: pure), then applies the plan.
#pragma once

#include <Poco/Types.h>

#include <memory>
#include <string>
#include <vector>

#include "core/racemap/key_plan.h"
#include "core/racemap/racemap_client.h"
#include "core/store/problem_log.h"

namespace racesync {

class Clock;
class KeyRecords;
class StateStore;

struct KeyPoolOptions {
  int maxKeysPerCall = 1000;      // racemap.max_keys_per_call
  bool releaseWithdrawn = false;  // --release-withdrawn
  bool dryRun = false;            // read RACEMAP, write nothing, plan instead
  // A key request left pending by a dead run whose keys have not shown up in RACEMAP's list is
  // given this long (racemap.pending_grace_ms) before racesync believes it never arrived.
  long long pendingGraceMs = 15 * 60 * 1000;
};

struct KeyPoolReport {
  long long adopted = 0;          // keys new to the store this run
  long long requested = 0;        // keys asked of RACEMAP this run
  long long generateCalls = 0;    // generate_starter_keys calls made
  long long assigned = 0;         // keys handed to registrants this run
  long long released = 0;         // keys freed from withdrawn registrants
  long long foreign = 0;          // keys held by starters racesync did not assign
  long long malformed = 0;        // listed keys that are not six letters or digits
  long long free = 0;             // keys left in the pool
  long long withoutKey = 0;       // active registrants still without a key
  std::vector<std::string> plan;  // dry run: what a real run would do
  std::vector<std::string> notes;
  std::vector<Problem> problems;  // malformed keys, conflicts, registrants left without a key
};

class KeyPool {
 public:
  // Borrows everything.
  KeyPool(StateStore& store, RacemapClient& client, Clock& clock);
  ~KeyPool();

  // The keys step: checks the token and event, reads keys and starters once, plans (reconciling
  // the store, adopting keys of earlier, possibly crashed, requests, releasing unused keys of
  // withdrawn registrants when asked), requests the deficit in calls of at most
  // maxKeysPerCall, one after the other until one fails, reads the key list once after the last,
  // then assigns keys in a stable order in one transaction and replaces the step's
  // problems. A dry run stops after the plan and writes nothing. Throws RemoteError (token,
  // event, 4xx), ConfigurationError (unknown event), TemporaryError (RACEMAP unreachable or
  // failing, a request whose outcome is unknown) — but only after keeping and assigning every key
  // it could get.
  KeyPoolReport sync(const KeyPoolOptions& options, Poco::Int64 runId);

 private:
  struct Requests;  // the state of the generate calls of one run
  struct Call {     // one generate call: its key_requests row, the keys asked, how it ended
    Poco::Int64 id;
    long long count;
    std::string outcome;
  };
  KeysInput read();
  void applyPlan(const KeyPlan& plan, KeyPoolReport& report);
  // The generate calls for `deficit` keys, each recorded before it is made; none after a failed
  // one (its failure in state.failure).
  std::vector<Call> callAll(long long deficit, const KeyPoolOptions& options, Poco::Int64 runId,
                            Requests& state, KeyPoolReport& report);
  void request(KeyPlan& plan, const KeyPoolOptions& options, Poco::Int64 runId, Requests& state,
               KeyPoolReport& report);
  // The keys `adopted` from the list read after `calls` into the book and Requests::fresh, each
  // credited to a call; the calls' outcomes into Requests::settled.
  void settle(KeyPlan& plan, const std::vector<Call>& calls,
              const std::vector<KeyAdoption>& adopted, Requests& state);
  void finish(KeyPlan& plan, const KeysInput& input, Requests& state, Poco::Int64 runId,
              KeyPoolReport& report);
  // The keys and outcomes of this run's calls (Requests::fresh, settled) into the store, in the
  // caller's transaction.
  void writeFresh(Requests& state, const std::string& at);
  // Takes the key list read after the calls into state.texts; returns how many entries of it were
  // known before (the new ones follow).
  static std::size_t absorb(Requests& state, RacemapClient::KeyListUpdate update);
  // Splits `assignment`: keys adopted in this run become assigned in Requests::fresh (written
  // once, assigned); the others go to `keys` and `ids` (an update of a stored key).
  static void assignFresh(Requests& state, const KeyAssignment& assignment,
                          std::vector<std::string>& keys, std::vector<std::string>& ids);

  StateStore& store_;
  RacemapClient& client_;
  Clock& clock_;
  std::unique_ptr<KeyRecords> records_;
};

}  // namespace racesync
