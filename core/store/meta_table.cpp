#include "core/store/meta_table.h"

#include "core/store/state_store.h"
#include "core/store/store_statement.h"

namespace racesync {

std::string readMeta(StateStore& store, const std::string& key) {
  StoreStatement select(store, "SELECT v FROM meta WHERE k = ?");
  select.bind(1, key);
  std::string value;
  while (select.next()) select.text(0, value);
  return value;
}

std::map<std::string, std::string> readMetaUnder(StateStore& store, const std::string& prefix) {
  // A range, not LIKE: '_' in a key is a wildcard to LIKE. Keys under the prefix sort from it up
  // to the prefix with its last byte one higher.
  std::string end = prefix;
  if (!end.empty()) end.back() = static_cast<char>(end.back() + 1);
  StoreStatement select(store, "SELECT k, v FROM meta WHERE k >= ? AND k < ?");
  select.bind(1, prefix).bind(2, end);
  std::map<std::string, std::string> values;
  std::string key, value;
  while (select.next()) {
    select.text(0, key);
    select.text(1, value);
    values[key.substr(prefix.size())] = value;
  }
  return values;
}

void writeMeta(StateStore& store, const std::string& key, const std::string& value) {
  StoreStatement upsert(store,
                        "INSERT INTO meta (k, v) VALUES (?, ?) "
                        "ON CONFLICT (k) DO UPDATE SET v = excluded.v");
  upsert.bind(1, key).bind(2, value).run();
}

}  // namespace racesync
