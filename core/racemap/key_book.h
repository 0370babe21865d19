// The keys racesync knows of, in memory: the keys table as a hash map with a count per state and
// the set of registrants holding a key, so that the keys step never counts or searches the whole
// pool again (core/racemap/key_plan.h computes on it).
#pragma once

#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/store/key_records.h"

namespace racesync {

class KeyBook {
 public:
  KeyBook() = default;
  explicit KeyBook(const std::vector<KeyRecord>& records);

  // Room for `count` keys in all, so that adopting them never rehashes the map.
  void reserve(std::size_t count) { keys_.reserve(count); }
  // The record of `key`, or null.
  const KeyRecord* find(const std::string& key) const;
  // Adds `key` (new to the book) in `state`.
  void adopt(const std::string& key, KeyState state);
  // Moves `key` (in the book) to `state`; `holder` is its registrant when assigned, `releasedFrom`
  // the registrant a released key was taken from.
  void set(const std::string& key, KeyState state, const std::string& holder = "",
           const std::string& releasedFrom = "");

  long long count(KeyState state) const { return counts_[static_cast<std::size_t>(state)]; }
  // Keys that can be handed out: free and released.
  long long pool() const { return count(KeyState::kFree) + count(KeyState::kReleased); }
  bool holdsKey(const std::string& registrationId) const { return holders_.count(registrationId); }
  // Free keys by key, then released keys by key: the order they are handed out in.
  std::vector<std::string> poolInOrder() const;
  const std::unordered_map<std::string, KeyRecord>& keys() const { return keys_; }

 private:
  std::unordered_map<std::string, KeyRecord> keys_;
  std::unordered_set<std::string> holders_;
  std::array<long long, 5> counts_{};
};

}  // namespace racesync
