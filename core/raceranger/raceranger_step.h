// The raceranger step of `racesync run`: pushes each active registrant with a bib to the
// RaceRanger race its race maps to, only what changed since the last push, and records outcomes.
#pragma once

#include <cstdint>

#include "core/run/step.h"

namespace racesync {

class RaceRangerStep : public Step {
 public:
  // `seed` drives the backoff jitter (tests pass a fixed one; makeStep a random one).
  explicit RaceRangerStep(std::uint32_t seed);

  const char* name() const override { return "raceranger"; }

  // Reads raceranger.* (raceranger_client.h), lists the event's races and reads the store, plans
  // (raceranger_plan.h: races that are active or ended are skipped, only changed athletes are
  // pushed), then imports in batches (athlete_pusher.h), storing each answered batch in one
  // transaction. Registrants whose race has no mapping and athletes RaceRanger rejects are
  // problems of step raceranger. A dry run sends no write, stores nothing and fills the plan.
  // Throws ConfigurationError (no mapping, an rr_e_ key, a mapped race the event lacks),
  // RemoteError (401, 403, other refusals) or TemporaryError (still busy after max_tries).
  StepResult run(RunContext& context) override;

 private:
  std::uint32_t seed_;
};

}  // namespace racesync
