// The pool of RACEMAP starter keys of one event, kept in the store's keys table: it adopts every
// key RACEMAP lists, asks for exactly the deficit (crash-safe: intent first, reconcile after any
// outcome, never a blind retry) and hands keys to registrants for good.
#pragma once

#include <Poco/Types.h>

#include <map>
#include <string>
#include <vector>

#include "core/store/problem_log.h"

namespace racesync {

class Clock;
class RacemapClient;
class StateStore;
struct RacemapStarterView;

// "k84n2s" -> "K84N2S"; "" when the text is not six ASCII letters or digits.
std::string normaliseKey(const std::string& text);

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

  // The keys step: checks the token and event, reads keys and starters, reconciles the store
  // (adopting keys of earlier, possibly crashed, requests), releases unused keys of withdrawn
  // registrants when asked, requests the deficit, assigns keys in a stable order, and replaces
  // the step's problems. Throws RemoteError (token, event, 4xx), ConfigurationError (unknown
  // event), TemporaryError (RACEMAP unreachable or failing, a request whose outcome is unknown)
  // — but only after keeping and assigning every key it could get.
  KeyPoolReport sync(const KeyPoolOptions& options, Poco::Int64 runId);

 private:
  struct Stored {
    std::string state;  // free | assigned | foreign | released | gone
    std::string registrationId;
    std::string releasedFrom;
  };
  struct Remote {
    size_t listed = 0;              // entries in the key list, malformed ones included
    std::vector<std::string> keys;  // normalised, in list order, no duplicates
    std::vector<std::string> malformed;
    std::map<std::string, const RacemapStarterView*> holders;  // normalised key -> starter
    std::vector<RacemapStarterView> starters;
  };
  struct Pending {
    Poco::Int64 id = 0;
    long long count = 0;
    long long keysBefore = 0;
    std::string createdAt;
  };

  Remote readRemote();
  void loadStore();
  std::vector<Pending> loadPending();
  // Brings store and memory in line with `remote`; returns how many keys were new.
  long long reconcile(const Remote& remote, Poco::Int64 requestId, KeyPoolReport& report);
  void finishRequest(Poco::Int64 requestId, const std::string& outcome, long long adopted);
  long long releaseWithdrawn(const Remote& remote, KeyPoolReport& report);
  long long poolSize() const;
  long long registrantsNeedingKeys();
  void assign(KeyPoolReport& report);

  StateStore& store_;
  RacemapClient& client_;
  Clock& clock_;
  bool dryRun_ = false;
  Poco::Int64 runId_ = 0;
  std::map<std::string, Stored> keys_;  // mirror of the keys table (and of dry-run changes)
};

}  // namespace racesync
