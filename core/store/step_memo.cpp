#include "core/store/step_memo.h"

#include "core/store/meta_table.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

std::string memoKey(const std::string& step) { return "step." + step + ".memo"; }

}  // namespace

std::string readStepMemo(StateStore& store, const std::string& step) {
  return readMeta(store, memoKey(step));
}

void writeStepMemo(StateStore& store, const std::string& step, const std::string& memo) {
  if (readStepMemo(store, step) == memo) return;
  store.transact([&] { writeMeta(store, memoKey(step), memo); });
}

}  // namespace racesync
