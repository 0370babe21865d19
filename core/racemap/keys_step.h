// Step `keys` of `racesync run`: makes RACEMAP's key pool cover every active registrant and
// assigns the keys (core/key_pool.h does the work; this adapts it to the pipeline).
#pragma once

#include "core/run/step.h"

namespace racesync {

class KeysStep : public Step {
 public:
  const char* name() const override { return "keys"; }
  // Reads racemap.* and RACEMAP_TOKEN; throws what KeyPool::sync throws, ConfigurationError for
  // bad settings.
  StepResult run(RunContext& context) override;
};

}  // namespace racesync
