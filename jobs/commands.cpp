#include "jobs/commands.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <algorithm>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/config_check.h"
#include "core/net/poco_http_transport.h"
#include "core/report/report_writer.h"
#include "core/report/run_summary.h"
#include "core/report/status.h"
#include "core/run/console_progress.h"
#include "core/run/pipeline.h"
#include "core/run/run_lock.h"
#include "core/store/state_store.h"
#include "jobs/wiring.h"
#include "sandbox/rehearsal.h"

namespace racesync {

int runCommand(const CommandLine& line, const Environment& env, const DataDir& data,
               std::ostream& out, std::ostream& err, bool terminal) {
  Settings settings = Settings::load(line.configPath, env, data.templates());
  std::vector<std::string> steps = line.steps.empty() ? allStepNames() : parseSteps(line.steps);
  if (line.noMail) steps.erase(std::remove(steps.begin(), steps.end(), "mail"), steps.end());
  checkConfiguration(settings, steps);

  RunLock lock(settings.statePath());
  RunOptions options = line.run;
  std::string storePath = settings.statePath();
  if (options.dryRun) {
    // A dry run works on a copy of the state, thrown away at the end: the real one stays as it is.
    std::string scratch = Poco::TemporaryFile::tempName() + ".db";
    for (const char* suffix : {"", "-wal", "-shm"}) {
      Poco::TemporaryFile::registerForDeletion(scratch + suffix);
    }
    if (storePath != ":memory:" && Poco::File(storePath).exists()) {
      StateStore(storePath).copyTo(scratch);
    }
    storePath = scratch;
    options.scratchStore = true;
  }
  StateStore store(storePath);
  SystemClock clock;
  bool color =
      terminal && env.count("NO_COLOR") == 0 && env.count("TERM") != 0 && env.at("TERM") != "dumb";
  ConsoleProgress progress(out, terminal, color,
                           line.quiet     ? ConsoleProgress::Verbosity::kQuiet
                           : line.verbose ? ConsoleProgress::Verbosity::kVerbose
                                          : ConsoleProgress::Verbosity::kNormal);
  PocoHttpTransport http(&progress);
  Pipeline pipeline(settings, store, http, clock, progress, realSteps());
  RunOutcome outcome = pipeline.run(steps, options);
  progress.finish();

  std::string reportPath;
  if (!line.run.dryRun) {
    reportPath =
        Poco::Path(Poco::Path(settings.outDir()).makeDirectory(), "report.html").toString();
    writeReport(store, settings, outcome, clock.nowMs(), reportPath);
  }
  if (!line.quiet) {
    out << (line.run.dryRun
                ? formatPlan(outcome, line.verbose)
                : formatSummary(outcome, readStatus(store), athletesPerRace(store), reportPath));
  }
  for (const auto& step : outcome.steps) {
    if (step.state == StepOutcome::State::kFailed) err << "racesync: " << step.error << "\n";
  }
  return outcome.exitCode;
}

int statusCommand(const CommandLine& line, const Environment& env, std::ostream& out) {
  Settings settings = Settings::load(line.configPath, env);
  std::string path = settings.statePath();
  if (path != ":memory:" && !Poco::File(path).exists()) {
    // No run yet: report zeros rather than create a store as a side effect of looking.
    out << (line.json ? statusJson(StatusCounts{}) + "\n" : statusText(StatusCounts{}));
    return exit_code::kOk;
  }
  StateStore store(path);
  StatusCounts counts = readStatus(store);
  out << (line.json ? statusJson(counts) + "\n" : statusText(counts));
  return exit_code::kOk;
}

int sandboxCommand(const CommandLine& line, const DataDir& data, std::ostream& out,
                   const std::function<void()>& waitForStop) {
  std::string config = line.configPath.empty() ? data.samples() + "/racesync.ini" : line.configPath;
  Settings settings = Settings::load(config, {}, data.templates());
  SystemClock clock;
  sandbox::Rehearsal rehearsal(settings, clock, line.port, "", line.seed);
  rehearsal.start();
  out << rehearsal.banner() << std::flush;
  waitForStop();
  rehearsal.stop();
  return exit_code::kOk;
}

}  // namespace racesync
