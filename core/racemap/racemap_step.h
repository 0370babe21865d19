// Step `racemap` of `racesync run`: writes links.csv, racemap-import.json and racemap-import.csv
// into out.dir, complete every run, atomically, and only when their content changed.
#pragma once

#include "core/run/step.h"

namespace racesync {

class RacemapStep : public Step {
 public:
  const char* name() const override { return "racemap"; }
  // Throws StoreError when a file cannot be written.
  StepResult run(RunContext& context) override;
};

}  // namespace racesync
