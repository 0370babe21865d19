// The wiring of a real run: which step a name stands for and the collaborators each is given.
// Only jobs/ knows every module; core/ modules know the ones below them.
#pragma once

#include "core/run/pipeline.h"

namespace racesync {

// The steps of `racesync run` with their real collaborators: import reads CSV files or RACE
// RESULT, raceranger backs off with a random jitter.
StepFactory realSteps();

}  // namespace racesync
