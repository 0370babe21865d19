// The meta table of the state store: small named values (step memos, RaceRanger read-back memos)
// as text rows (k, v).
#pragma once

#include <map>
#include <string>

namespace racesync {

class StateStore;

// The value of `key`; "" when it has none.
std::string readMeta(StateStore& store, const std::string& key);
// Every value whose key starts with `prefix` (not empty; racesync's own prefixes, such as
// "raceranger.read_back."), by the rest of its key.
std::map<std::string, std::string> readMetaUnder(StateStore& store, const std::string& prefix);
// Stores `value` under `key`, replacing what it held, in the caller's transaction if there is one.
// Throws StoreError like every write.
void writeMeta(StateStore& store, const std::string& key, const std::string& value);

}  // namespace racesync
