// The raceresult step of `racesync run`: writes each registrant's key (and redeem link) back into
// user-defined fields of the RACE RESULT event the registrations came from, only what changed
// since the last write-back, and records what was written.
#pragma once

#include "core/run/step.h"

namespace racesync {

class RaceResultStep : public Step {
 public:
  const char* name() const override { return "raceresult"; }

  // Skipped, with a line saying why, when the registrations come from CSV files or
  // raceresult.writeback.key_field is not set. Otherwise reads raceresult.* and the store, plans
  // (writeback_plan.h: only changed values, refused ones again), then writes in paced batches
  // (writeback_sender.h) after one login, and logs out. A participant RACE RESULT refuses is a
  // problem of step raceresult. A dry run sends nothing, stores nothing and fills the plan; a run
  // with nothing to write does not log in. Throws ConfigurationError (raceresult.*, a missing
  // RACERESULT_API_KEY), RemoteError (a refused key: exit 69) or TemporaryError.
  StepResult run(RunContext& context) override;
};

}  // namespace racesync
