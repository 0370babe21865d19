// What each step of `racesync run` left behind last time it ran, kept in the meta table: whether
// it left work for a later run, and under which configuration. A run whose import changed nobody
// leaves out a step that left nothing undone under the same configuration.
#pragma once

#include <string>

namespace racesync {

class StateStore;

// The memo of `step`: "" when it never ran (or ran before memos existed), else what
// writeStepMemo stored.
std::string readStepMemo(StateStore& store, const std::string& step);
// Stores `memo` for `step`, in the caller's transaction if there is one; writes nothing when it is
// already stored (an unchanged run leaves the table as it was).
void writeStepMemo(StateStore& store, const std::string& step, const std::string& memo);

}  // namespace racesync
