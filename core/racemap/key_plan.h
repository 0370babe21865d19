// The keys step's plan, computed by pure functions from the store's keys, RACEMAP's key list and
// starters, and the active registrants: which listed keys are new, which stored keys changed
// state, how the requests of a dead run settle, which keys of withdrawn registrants are freed,
// how many keys to ask for in which calls, and who gets which key. KeyPool applies it.
#pragma once

#include <Poco/Types.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/racemap/key_book.h"
#include "core/racemap/racemap_client.h"
#include "core/store/key_records.h"
#include "core/store/problem_log.h"

namespace racesync {

// "k84n2s" -> "K84N2S"; "" when the text is not six ASCII letters or digits.
std::string normaliseKey(const std::string& text);

// Normalised key -> the starter holding it.
using KeyHolders = std::unordered_map<std::string, RacemapStarterView>;
KeyHolders holdersOf(const std::vector<RacemapStarterView>& starters);

// RACEMAP's key list, normalised.
struct KeyListing {
  long long listed = 0;                // entries in the list, malformed ones included
  std::vector<std::string> keys;       // normalised, in list order, no duplicates
  std::vector<std::string> malformed;  // as sent: not six letters or digits
};
// `texts` (the key list as sent) normalised, then the keys of `starters` the list lacks (a key a
// starter holds is taken, listed or not).
KeyListing listingOf(const std::vector<std::string>& texts,
                     const std::vector<RacemapStarterView>& starters);

// The texts of a key list that are not keys (as sent, in list order).
std::vector<std::string> malformedTexts(const std::vector<std::string>& texts);

// What a listing changes in the book.
struct KeyChanges {
  std::vector<KeyAdoption> adoptions;                    // keys new to the book
  std::vector<std::pair<std::string, KeyState>> states;  // known keys whose state changed
};
// Every change `listing` makes to `book`: new keys (foreign when a starter holds them), free keys
// a starter took (foreign), foreign keys let go (free), keys no longer listed (gone), gone keys
// back (free). Assigned keys never change. One hash lookup per key.
KeyChanges reconcileKeys(const KeyBook& book, const KeyListing& listing, const KeyHolders& holders);
// Only the keys of `texts` (a key list as sent) new to `book`: what a generate call added, in
// list order, each once (foreign when a starter holds it). One normalisation and one lookup per
// text; nothing is built for the keys already known.
// Texts before index `from` are known to be in the book (see sharedPrefix) and are not looked at.
std::vector<KeyAdoption> newKeys(const KeyBook& book, const std::vector<std::string>& texts,
                                 const KeyHolders& holders, std::size_t from = 0);
// How many leading texts `now` shares with `before`, position by position. RACEMAP lists keys in
// creation order, so after a generate call only the texts past that prefix can be new: a compare
// of neighbouring memory per key instead of a hash lookup (any other order only costs lookups).
std::size_t sharedPrefix(const std::vector<std::string>& before,
                         const std::vector<std::string>& now);
// Applies `changes` to `book`.
void applyChanges(KeyBook& book, const KeyChanges& changes);

// A key_conflict problem per assigned key held by a starter of another registrant.
std::vector<Problem> conflictProblems(const KeyBook& book, const KeyHolders& holders,
                                      const std::string& eventId);
// A malformed_key problem per malformed text of `listing`.
std::vector<Problem> malformedProblems(const KeyListing& listing, const std::string& eventId);

// How the pending requests of a dead run settle against a listing of `listed` entries.
struct PendingSettlement {
  std::vector<std::pair<Poco::Int64, std::string>> settle;  // request id, outcome
  std::vector<std::string> notes;
  bool unsettled = false;  // a young request whose keys have not shown up: ask for nothing
};
PendingSettlement settlePending(const std::vector<KeyRequestRecord>& pending, long long listed,
                                long long nowMs, long long graceMs);

// The generate calls for `deficit` keys, at most `maxPerCall` each: 2500 by 1000 -> 1000, 1000,
// 500.
std::vector<long long> splitRequests(long long deficit, int maxPerCall);

// Who gets which key: registrants without one, in `activeInOrder`'s order, take the pool's keys in
// KeyBook::poolInOrder's order.
struct KeyAssignment {
  std::vector<std::string> keys;
  std::vector<std::string> ids;      // ids[i] gets keys[i]
  std::vector<std::string> without;  // left without a key: the pool ran out
};
KeyAssignment planAssignment(const KeyBook& book, const std::vector<std::string>& activeInOrder);
// A no_key problem per registrant left without a key.
std::vector<Problem> noKeyProblems(const std::vector<std::string>& without);

// Everything the plan is computed from.
struct KeysInput {
  std::string eventId;
  std::vector<KeyRecord> stored;
  std::vector<KeyRequestRecord> pending;
  std::vector<std::string> activeInOrder;  // KeyRecords::activeRegistrantsInKeyOrder
  std::vector<std::pair<std::string, std::string>> keysOfWithdrawn;  // (key, registrant)
  std::vector<std::string> texts;                                    // the key list as sent
  KeyListing listing;                                                // listingOf(texts, starters)
  std::vector<RacemapStarterView> starters;
  KeyHolders holders;  // holdersOf(starters)
  long long nowMs = 0;
};

struct KeyPlanOptions {
  int maxKeysPerCall = 1000;
  bool releaseWithdrawn = false;
  long long pendingGraceMs = 15 * 60 * 1000;
};

struct KeyPlan {
  KeyBook book;        // the stored keys with `changes` and `releases` applied
  KeyChanges changes;  // from the first listing
  PendingSettlement pending;
  std::vector<std::pair<std::string, std::string>> releases;  // (key, registrant) to free
  std::vector<std::string> notes;   // pending requests not yet shown, used keys kept
  std::vector<Problem> problems;    // conflicts (malformed keys: from the last listing)
  long long needing = 0;            // active registrants without a key
  long long deficit = 0;            // keys to ask for: needing minus the pool
  std::vector<long long> requests;  // deficit split per call (empty while a request is unsettled)
  long long assignable = 0;         // keys handed out before any request: min(needing, pool)
};
// The keys step's plan. Pure: reads and writes nothing.
KeyPlan planKeys(const KeysInput& input, const KeyPlanOptions& options);
// The lines --dry-run prints for `plan` of event `eventId`.
std::vector<std::string> describe(const KeyPlan& plan, const std::string& eventId);

}  // namespace racesync
