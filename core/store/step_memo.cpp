#include "core/store/step_memo.h"

#include "core/store/state_store.h"
#include "core/store/store_statement.h"

namespace racesync {

namespace {

std::string memoKey(const std::string& step) { return "step." + step + ".memo"; }

}  // namespace

std::string readStepMemo(StateStore& store, const std::string& step) {
  StoreStatement select(store, "SELECT v FROM meta WHERE k = ?");
  select.bind(1, memoKey(step));
  std::string memo;
  while (select.next()) select.text(0, memo);
  return memo;
}

void writeStepMemo(StateStore& store, const std::string& step, const std::string& memo) {
  if (readStepMemo(store, step) == memo) return;
  store.transact([&] {
    StoreStatement upsert(store,
                          "INSERT INTO meta (k, v) VALUES (?, ?) "
                          "ON CONFLICT (k) DO UPDATE SET v = excluded.v");
    upsert.bind(1, memoKey(step)).bind(2, memo).run();
  });
}

}  // namespace racesync
