// RACEMAP's key list (GET .../starter_keys?format=json) read in one pass over the answer: it is
// the one answer that grows with the event (200,000 keys are a few MB, read before and after a
// run's generate calls), so it is not built into a Poco::JSON tree and walked again. The whole body
// is checked to be JSON; only the keys are kept.
#pragma once

#include <string>
#include <vector>

namespace racesync {

// Why a key list answer could not be read.
enum class KeyListFault {
  kNone,
  kNotJson,     // the body is not JSON: `why` says where (an answer worth another try)
  kNoList,      // valid JSON without a list at the top or under data, items, keys or starters
  kNotAString,  // an item (or an item's "key") is an object or a list: `why` names its path
};

// Reads `body`, the ASSUMED shapes ["K84N2S", ...] or [{"key": "K84N2S", ...}, ...], at the top
// level or under "data", "items", "keys" or "starters" (the first of those that is a list), into
// `keys`: each item's text as sent (a number or true/false as JSON wrote it, "" for null or a
// missing "key"). Unknown fields are skipped. Returns kNone, or the fault with `why` ("at offset
// 17: expected a value" or the item's path, "data[3].key"). Never throws.
KeyListFault parseKeyList(const std::string& body, std::vector<std::string>& keys,
                          std::string& why);

}  // namespace racesync
