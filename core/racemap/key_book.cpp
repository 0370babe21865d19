#include "core/racemap/key_book.h"

#include <algorithm>

namespace racesync {

KeyBook::KeyBook(const std::vector<KeyRecord>& records) {
  keys_.reserve(records.size());
  for (const auto& record : records) {
    keys_.emplace(record.key, record);
    ++counts_[static_cast<std::size_t>(record.state)];
    if (record.state == KeyState::kAssigned) holders_.insert(record.registrationId);
  }
}

const KeyRecord* KeyBook::find(const std::string& key) const {
  auto found = keys_.find(key);
  return found == keys_.end() ? nullptr : &found->second;
}

void KeyBook::adopt(const std::string& key, KeyState state) {
  if (!keys_.emplace(key, KeyRecord{key, state, "", ""}).second) return;
  ++counts_[static_cast<std::size_t>(state)];
}

void KeyBook::set(const std::string& key, KeyState state, const std::string& holder,
                  const std::string& releasedFrom) {
  auto found = keys_.find(key);
  if (found == keys_.end()) return;
  KeyRecord& record = found->second;
  --counts_[static_cast<std::size_t>(record.state)];
  if (record.state == KeyState::kAssigned) holders_.erase(record.registrationId);
  record.state = state;
  record.registrationId = state == KeyState::kAssigned ? holder : "";
  if (state == KeyState::kReleased) record.releasedFrom = releasedFrom;
  if (state == KeyState::kAssigned) record.releasedFrom.clear();
  ++counts_[static_cast<std::size_t>(state)];
  if (state == KeyState::kAssigned) holders_.insert(holder);
}

std::vector<std::string> KeyBook::poolInOrder() const {
  std::vector<std::string> fresh, released;
  for (const auto& [key, record] : keys_) {
    if (record.state == KeyState::kFree) fresh.push_back(key);
    if (record.state == KeyState::kReleased) released.push_back(key);
  }
  std::sort(fresh.begin(), fresh.end());
  std::sort(released.begin(), released.end());
  fresh.insert(fresh.end(), released.begin(), released.end());
  return fresh;
}

}  // namespace racesync
