// The order of the steps of `racesync run`, what depends on what, and how a failed step stops only
// its dependants. One run is recorded in the store's runs table.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/run/step.h"

namespace racesync {

// The steps in the order they run: import, keys, links, racemap, raceranger, raceresult, mail.
const std::vector<std::string>& allStepNames();
// The steps `step` needs to have succeeded in this run (when they are selected).
std::vector<std::string> stepDependencies(const std::string& step);
// Builds the step of that name with its collaborators (jobs/wiring.h has the real ones; tests
// pass fakes). Throws UsageError for a name it does not know.
using StepFactory = std::function<std::unique_ptr<Step>(const std::string& name)>;
// Records in `store` (in the caller's transaction) that every step after the import has work:
// the import calls it in the transaction that stores a change, so that a run killed before the
// later steps ran leaves them to the next run, even though its import then changes nobody.
void markLaterStepsPending(StateStore& store);
// Parses "--steps import,keys": checks every name, returns them in run order.
std::vector<std::string> parseSteps(const std::string& list);

struct StepOutcome {
  enum class State { kDone, kFailed, kSkipped };
  std::string name;
  State state = State::kDone;
  StepResult result;
  std::string error;  // why it failed or was skipped
  int exitCode = 0;
};

struct RunOutcome {
  Poco::Int64 runId = 0;
  std::vector<StepOutcome> steps;
  Plan plan;
  int exitCode = 0;  // the first failed step's, 0 when all succeeded
  // True when the import changed nobody and every other step had nothing to do (StepResult::idle):
  // the run changed nothing but its own record, and the report need not be written again.
  bool idle = false;
  // Set when the run itself could not be recorded (beginRun or finishRun: a full or read-only
  // state disk): exit 75. When beginRun failed, no step ran.
  std::string storeError;
};

class Pipeline {
 public:
  // Borrows everything; the caller keeps it alive for the run. `makeStep` builds each step as
  // the run reaches it.
  Pipeline(const Settings& settings, StateStore& store, HttpTransport& http, Clock& clock,
           Progress& progress, StepFactory makeStep);

  // Runs `steps` (names, in run order) and records the run. A step that throws is recorded as
  // failed with its exit code; its dependants are skipped; independent steps still run. A store
  // that cannot record the run does not throw: RunOutcome::storeError says so.
  // When the import changed nobody (RunContext::changes), a step is left out as idle if it left
  // nothing undone last time (StepResult::pending, or a failure) under the same configuration,
  // the steps it depends on were idle too, and neither --resend nor --release-withdrawn asks for
  // more; its memo is kept in the store (step_memo.h).
  RunOutcome run(const std::vector<std::string>& steps, const RunOptions& options);

 private:
  // Runs step `name` unless a step it depends on failed (then it is skipped); a failed or skipped
  // step is marked in `failed`.
  StepOutcome runStep(const std::string& name, RunContext& context,
                      std::map<std::string, bool>& failed, std::map<std::string, bool>& idle);
  // Whether step `name` has nothing to do in this run (see run()).
  bool canIdle(const std::string& name, const RunContext& context,
               const std::map<std::string, bool>& idle);
  // The memos of the steps after the run: what each left undone, and the steps that depend on
  // one that did work but did not run after it.
  void writeMemos(const RunOutcome& outcome, const RunContext& context);
  // Records the run's end and its summary; a store that cannot take it sets storeError.
  void finishRun(RunOutcome& outcome);

  const Settings& settings_;
  StateStore& store_;
  HttpTransport& http_;
  Clock& clock_;
  Progress& progress_;
  StepFactory makeStep_;
};

}  // namespace racesync
