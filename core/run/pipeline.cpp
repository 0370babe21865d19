#include "core/run/pipeline.h"

#include <Poco/JSON/Object.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"
#include "core/store/step_memo.h"

namespace racesync {

const std::vector<std::string>& allStepNames() {
  static const std::vector<std::string> kNames = {"import",     "keys",       "links", "racemap",
                                                  "raceranger", "raceresult", "mail"};
  return kNames;
}

std::vector<std::string> stepDependencies(const std::string& step) {
  static const std::map<std::string, std::vector<std::string>> kDependencies = {
      {"import", {}},
      {"keys", {"import"}},
      {"links", {"import", "keys"}},
      {"racemap", {"import", "keys", "links"}},
      {"raceranger", {"import"}},
      {"raceresult", {"import", "keys", "links"}},
      {"mail", {"import", "keys", "links"}},
  };
  auto it = kDependencies.find(step);
  return it == kDependencies.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::string> parseSteps(const std::string& list) {
  Poco::StringTokenizer tokens(
      list, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  std::vector<std::string> wanted;
  for (const auto& token : tokens) {
    std::string name = Poco::toLower(token);
    const auto& all = allStepNames();
    if (std::find(all.begin(), all.end(), name) == all.end()) {
      throw UsageError("--steps: unknown step '" + token +
                       "': choose from import,keys,links,racemap,raceranger,raceresult,mail");
    }
    wanted.push_back(name);
  }
  if (wanted.empty()) throw UsageError("--steps: name at least one step");
  std::vector<std::string> ordered;
  for (const auto& name : allStepNames()) {
    if (std::find(wanted.begin(), wanted.end(), name) != wanted.end()) ordered.push_back(name);
  }
  return ordered;
}

namespace {

void fail(StepOutcome& step, std::string error, int exitCode) {
  step.state = StepOutcome::State::kFailed;
  step.error = std::move(error);
  step.exitCode = exitCode;
}

// Builds and runs the step `step.name`; whatever it throws becomes the step's failure, with a
// documented exit status: racesync's own errors as they are, anything else (Poco, the standard
// library) as an unexpected failure, never an abort and never an undocumented status.
void runGuarded(const StepFactory& makeStep, RunContext& context, StepOutcome& step) {
  try {
    std::unique_ptr<Step> runner = makeStep(step.name);
    step.result = runner->run(context);
  } catch (const RacesyncError& e) {
    fail(step, e.message().empty() ? e.displayText() : e.message(), exitCodeFor(e));
  } catch (const Poco::Exception& e) {
    fail(step, step.name + ": " + unexpectedFailure(e.displayText()), exitCodeFor(e));
  } catch (const std::exception& e) {
    fail(step, step.name + ": " + unexpectedFailure(e.what()), exit_code::kTemporary);
  }
}

}  // namespace

Pipeline::Pipeline(const Settings& settings, StateStore& store, HttpTransport& http, Clock& clock,
                   Progress& progress, StepFactory makeStep)
    : settings_(settings),
      store_(store),
      http_(http),
      clock_(clock),
      progress_(progress),
      makeStep_(std::move(makeStep)) {}

namespace {

// The failed dependency that makes step `name` skip, or "" when it can run.
std::string failedDependency(const std::string& name, std::map<std::string, bool>& failed) {
  for (const auto& dependency : stepDependencies(name)) {
    if (failed[dependency]) return dependency;
  }
  return "";
}

// The run record's summary: per step its counts, state and error.
std::string summaryJson(const RunOutcome& outcome) {
  Poco::JSON::Object summary;
  for (const auto& step : outcome.steps) {
    Poco::JSON::Object counts;
    for (const auto& [key, value] : step.result.counts) counts.set(key, value);
    counts.set("state", step.state == StepOutcome::State::kDone
                            ? "done"
                            : (step.state == StepOutcome::State::kFailed ? "failed" : "skipped"));
    if (!step.error.empty()) counts.set("error", step.error);
    if (step.result.idle) counts.set("idle", true);
    summary.set(step.name, counts);
  }
  std::ostringstream json;
  summary.stringify(json);
  return json.str();
}

}  // namespace

namespace {

constexpr const char* kCleanMemo = "clean ";
constexpr const char* kPendingMemo = "pending";

// A step that does not say it left work (StepResult::pending) may still count what it left:
// these counts name rows a later run takes up again.
bool leftWork(const StepResult& result) {
  if (result.pending) return true;
  static const char* const kLeft[] = {"failed", "qr_failed", "qr_missing", "refused",
                                      "registrants_without_key"};
  for (const auto& [name, value] : result.counts) {
    for (const char* left : kLeft) {
      if (value > 0 && name == left) return true;
    }
  }
  return false;
}

}  // namespace

void markLaterStepsPending(StateStore& store) {
  store.transact([&] {
    for (const auto& name : allStepNames()) {
      if (name != "import") writeStepMemo(store, name, kPendingMemo);
    }
  });
}

bool Pipeline::canIdle(const std::string& name, const RunContext& context,
                       const std::map<std::string, bool>& idle) {
  if (name == "import" || !context.changes.none() || !context.options.resend.empty() ||
      context.options.releaseWithdrawn) {
    return false;
  }
  for (const auto& dependency : stepDependencies(name)) {
    auto it = idle.find(dependency);
    if (dependency != "import" && it != idle.end() && !it->second) return false;
  }
  return readStepMemo(store_, name) == kCleanMemo + settings_.fingerprint();
}

StepOutcome Pipeline::runStep(const std::string& name, RunContext& context,
                              std::map<std::string, bool>& failed,
                              std::map<std::string, bool>& idle) {
  StepOutcome step;
  step.name = name;
  idle[name] = false;
  const std::string dependency = failedDependency(name, failed);
  if (!dependency.empty()) {
    step.state = StepOutcome::State::kSkipped;
    step.error = "skipped: step '" + dependency + "' failed";
    failed[name] = true;
    progress_.warning(name + ": " + step.error);
    return step;
  }
  if (canIdle(name, context, idle)) {
    step.result.idle = true;
    idle[name] = true;
    progress_.stepFinished(name, "nothing to do: no registrant changed");
    return step;
  }
  runGuarded(makeStep_, context, step);
  if (step.state == StepOutcome::State::kFailed) failed[name] = true;
  return step;
}

RunOutcome Pipeline::run(const std::vector<std::string>& steps, const RunOptions& options) {
  RunOutcome outcome;
  RunContext context{settings_, store_, http_, clock_, progress_, options, 0, Plan{}};
  if (!options.dryRun) {
    try {
      outcome.runId = store_.beginRun(isoUtc(clock_.nowMs()),
                                      Poco::cat(std::string(","), steps.begin(), steps.end()));
    } catch (const StoreError& e) {
      // Nothing can be recorded: no step runs, and no remote write or mail goes unrecorded.
      outcome.storeError = e.message();
      outcome.exitCode = exitCodeFor(e);
      return outcome;
    }
  }
  context.runId = outcome.runId;
  // The import's memo as it was before this run: a failed import last time is work left.
  const bool importWasClean =
      readStepMemo(store_, "import") == kCleanMemo + settings_.fingerprint();
  std::map<std::string, bool> failed, idle;
  outcome.idle = true;
  for (const auto& name : steps) {
    outcome.steps.push_back(runStep(name, context, failed, idle));
    const StepOutcome& step = outcome.steps.back();
    if (step.state == StepOutcome::State::kFailed && outcome.exitCode == 0) {
      outcome.exitCode = step.exitCode;
    }
    const bool quiet = name == "import" ? context.changes.none() && importWasClean &&
                                              step.state == StepOutcome::State::kDone
                                        : step.result.idle;
    outcome.idle = outcome.idle && quiet;
  }
  outcome.plan = context.plan;
  if (!options.dryRun) {
    writeMemos(outcome, context);
    finishRun(outcome);
  }
  return outcome;
}

void Pipeline::writeMemos(const RunOutcome& outcome, const RunContext& context) {
  const std::string clean = kCleanMemo + settings_.fingerprint();
  std::map<std::string, bool> worked;  // the steps of this run that were not idle
  try {
    store_.transact([&] {
      for (const auto& step : outcome.steps) {
        if (step.result.idle) continue;
        const bool done = step.state == StepOutcome::State::kDone;
        // An import that changed someone is work for every later step that did not run.
        worked[step.name] = step.name != "import" || !context.changes.none() || !done;
        writeStepMemo(store_, step.name, done && !leftWork(step.result) ? clean : kPendingMemo);
      }
      for (const auto& name : allStepNames()) {
        if (worked.count(name)) continue;  // it ran after the steps it depends on
        for (const auto& dependency : stepDependencies(name)) {
          if (worked.count(dependency) && worked[dependency]) {
            writeStepMemo(store_, name, kPendingMemo);
            break;
          }
        }
      }
    });
  } catch (const StoreError& e) {
    // A full state disk: the next run does every step; finishRun reports the disk.
    progress_.warning(e.message());
  }
}

void Pipeline::finishRun(RunOutcome& outcome) {
  try {
    store_.finishRun(outcome.runId, isoUtc(clock_.nowMs()), outcome.exitCode, summaryJson(outcome));
  } catch (const StoreError& e) {
    // A full state disk: the run still ends with its summary; the error is the run's.
    outcome.storeError = e.message();
    if (outcome.exitCode == 0) outcome.exitCode = exitCodeFor(e);
  }
}

}  // namespace racesync
