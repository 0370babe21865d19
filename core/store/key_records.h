// What racesync knows of RACEMAP's starter keys: the keys table (KeyState), the key_requests
// ledger of generate calls (KeyRequestState) and the registrants the keys step hands keys to, as
// records with enums. The SQL of those tables lives here.
#pragma once

#include <Poco/Types.h>

#include <string>
#include <utility>
#include <vector>

namespace racesync {

class StateStore;

// What a stored key is for (keys.state).
enum class KeyState {
  kFree,      // ours to hand out
  kAssigned,  // to a registrant, for good
  kForeign,   // held by a starter racesync did not assign
  kReleased,  // freed from a withdrawn registrant by --release-withdrawn: free again
  kGone,      // no longer listed by RACEMAP (deleted there): never handed out
};
// "free", "assigned", "foreign", "released", "gone": the stored strings.
const char* toString(KeyState state);
// The state a stored string names. Throws StoreError naming keys.state for any other.
KeyState parseKeyState(const std::string& text);

// Whether a generate call's outcome is settled (key_requests.state).
enum class KeyRequestState { kPending, kReconciled };
const char* toString(KeyRequestState state);  // "pending", "reconciled"
KeyRequestState parseKeyRequestState(const std::string& text);

// One row of the keys table.
struct KeyRecord {
  std::string key;
  KeyState state = KeyState::kFree;
  std::string registrationId;  // the holder when assigned, else ""
  std::string releasedFrom;    // the registrant a released key was taken from, else ""
};

// A key new to the store, adopted from RACEMAP's list.
struct KeyAdoption {
  std::string key;
  KeyState state = KeyState::kFree;  // free, or foreign when a starter holds it
};

// A key written for the first time: adopted from RACEMAP's list (by request `requestId`, 0 for
// none) and, when the same run hands it out, already assigned to `registrationId`.
struct NewKey {
  std::string key;
  KeyState state = KeyState::kFree;  // free, foreign, or assigned (then registrationId is set)
  std::string registrationId;        // "" unless assigned
  Poco::Int64 requestId = 0;
  std::string adoptedAt;  // ISO 8601
};

// A pending row of key_requests: a generate call whose outcome is not settled yet.
struct KeyRequestRecord {
  Poco::Int64 id = 0;
  long long count = 0;       // keys asked for
  long long keysBefore = 0;  // entries in RACEMAP's key list before the call
  std::string createdAt;     // ISO 8601
};

// The keys and key_requests tables of one store. Writes join the caller's transaction when there
// is one (StateStore::transact).
class KeyRecords {
 public:
  explicit KeyRecords(StateStore& store) : store_(store) {}

  // Every keys row. Throws StoreError for an unknown state.
  std::vector<KeyRecord> keys();
  // The key_requests rows still pending, oldest first.
  std::vector<KeyRequestRecord> pendingRequests();
  // The active registrants, in the order keys are handed out: first run, source, line, id.
  std::vector<std::string> activeRegistrantsInKeyOrder();
  // (key, registration id) of the keys assigned to withdrawn registrants, by key.
  std::vector<std::pair<std::string, std::string>> keysOfWithdrawn();

  // Inserts `adoptions` (adopted at `at`, by request `requestId`, 0 for none), one statement
  // prepared once.
  void adopt(const std::vector<KeyAdoption>& adoptions, const std::string& at,
             Poco::Int64 requestId);
  // Inserts `keys` in key order (one statement prepared once: neighbouring keys share index
  // pages, which keeps a 200,000-key insert linear); an assigned key gets assigned_at `at`.
  void insert(std::vector<NewKey> keys, const std::string& at);
  // Sets the state of each key.
  void setStates(const std::vector<std::pair<std::string, KeyState>>& states);
  // Frees each (key, registration id): state released, no holder, released_from the registrant.
  void release(const std::vector<std::pair<std::string, std::string>>& keysAndHolders);
  // Hands keys[i] to ids[i] for good, at `at`.
  void assign(const std::vector<std::string>& keys, const std::vector<std::string>& ids,
              const std::string& at);

  // Records the intent of a generate call for `count` keys before it is made; returns its id.
  Poco::Int64 recordRequest(Poco::Int64 runId, long long count, long long keysBefore,
                            const std::string& at);
  // Settles request `id` with `outcome` ("ok", "timeout", "lost: never showed up", ...).
  void settleRequest(Poco::Int64 id, const std::string& outcome, long long adopted,
                     const std::string& at);

 private:
  StateStore& store_;
};

}  // namespace racesync
