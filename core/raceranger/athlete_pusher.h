// Carries out a RaceRangerPlan: imports each race's athletes in paced, idempotent batches (halving
// a batch RaceRanger finds too large, stopping a race that answers race_started) and stores each
// answered batch in one transaction.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/raceranger/raceranger_plan.h"
#include "core/run/step.h"

namespace racesync {

class AthleteRecords;

// What pushing did, beyond what the plan knew.
struct PushTally {
  long long created = 0;
  long long updated = 0;
  long long rejected = 0;     // rejected by RaceRanger in this run
  long long raceStarted = 0;  // not pushed because their race answered 409 race_started
  long long removed = 0;      // deleted from a race they no longer belong to (or already gone)
  long long notRemoved = 0;   // left where they are: race started, or the key may not delete
};

class AthletePusher {
 public:
  // Borrows everything; `context` gives the store, run id, clock and progress.
  AthletePusher(RaceRangerClient& client, const RaceRangerConfig& config, AthleteRecords& records,
                RunContext& context);

  // Replaces the step's problems with the plan's and records every race in one transaction,
  // counts a new push generation (when there is anything to write), then per race deletes the
  // athletes of ours that no longer belong there and pushes; records what RaceRanger then holds
  // of each race (its listing, plus created, minus deleted). Each answered batch is stored in a
  // transaction of its own: athletes as created, updated or rejected (a rejection also a problem).
  // A race that has started meanwhile stops with a note in `result` and a warning. Throws
  // RemoteError (a single athlete too large, and what RaceRangerClient::importAthletes throws) or
  // TemporaryError.
  PushTally apply(const RaceRangerPlan& plan, StepResult& result);

 private:
  void recordPlan(const RaceRangerPlan& plan);
  void pushRace(const RacePlan& race, StepResult& result);
  // Deletes race.removals (each under its own Idempotency-Key of this generation); a race that
  // has started or a key that may not delete leaves them as problems. Returns those deleted.
  long long removeFrom(const RacePlan& race);
  // Stores the answer to pushes[first, first + size) of `race`.
  void storeBatch(const RacePlan& race, std::size_t first, std::size_t size,
                  const ImportAnswer& answer);
  void stopRace(const RacePlan& race, std::size_t next, const ImportAnswer& answer,
                StepResult& result);

  RaceRangerClient& client_;
  const RaceRangerConfig& config_;
  AthleteRecords& records_;
  RunContext& context_;
  std::size_t batchSize_;  // halved on 413, for the rest of the run
  std::string checkedAt_;
  long long generation_ = 0;  // this push's, from the store: part of every Idempotency-Key
  long long created_ = 0;     // created in the race being pushed
  PushTally tally_;
};

}  // namespace racesync
