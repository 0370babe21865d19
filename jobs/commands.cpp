#include "jobs/commands.h"

#include <Poco/File.h>

#include <algorithm>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/base/terminal_text.h"
#include "core/config/config_check.h"
#include "core/import/registration_inspection.h"
#include "core/labels/label_print.h"
#include "core/mail/mail_message.h"
#include "core/net/poco_http_transport.h"
#include "core/report/registrant_lookup.h"
#include "core/report/report_writer.h"
#include "core/report/run_summary.h"
#include "core/report/status.h"
#include "core/run/console_progress.h"
#include "core/run/pipeline.h"
#include "core/run/run_lock.h"
#include "core/store/label_records.h"
#include "core/store/problem_log.h"
#include "core/store/registrant_finder.h"
#include "core/store/state_store.h"
#include "jobs/state_copy.h"
#include "jobs/wiring.h"
#include "sandbox/rehearsal.h"

namespace racesync {

namespace {

// The stored problems, for when report.html cannot be written: the first 20, then a count.
void printProblems(StateStore& store, std::ostream& err) {
  std::vector<Problem> problems = loadProblems(store);
  const std::size_t shown = std::min<std::size_t>(problems.size(), 20);
  for (std::size_t i = 0; i < shown; ++i) {
    err << "racesync: " << problems[i].step << ": " << problems[i].message
        << (problems[i].hint.empty() ? "" : ": " + problems[i].hint) << "\n";
  }
  if (problems.size() > shown) {
    err << "racesync: ... and " << problems.size() - shown << " more problems\n";
  }
}

// Writes out.dir/report.html (reportRun: not after a run that changed nothing); returns its path,
// or "" with `reportError` set when it cannot be written (a full or read-only out.dir): the summary
// and the steps' own errors still go out.
std::string writeRunReport(StateStore& store, const Settings& settings, RunOutcome& outcome,
                           std::int64_t nowMs, std::string& reportError) {
  try {
    return reportRun(store, settings, outcome, nowMs);
  } catch (const RacesyncError& e) {
    reportError = e.message();
    if (outcome.exitCode == 0) outcome.exitCode = exitCodeFor(e);
    return "";
  }
}

// The failed steps' errors; with -q the alerts too (printed as warnings by the progress
// otherwise; data may be lost, so -q shows them too).
void printStepErrors(const RunOutcome& outcome, bool quiet, std::ostream& err) {
  for (const auto& step : outcome.steps) {
    if (quiet) {
      for (const auto& alert : step.result.alerts) {
        err << "racesync: warning: " << terminalLine(alert) << "\n";
      }
    }
    if (step.state == StepOutcome::State::kFailed) {
      err << "racesync: " << terminalLine(step.error) << "\n";
    }
  }
}

constexpr std::size_t kNearest = 5;

// The store of a configuration that has run before; throws InputError (65) when there is none.
// A PostgreSQL event is created on first use, so there is nothing to look for beforehand.
StateLocation existingStore(const Settings& settings, const char* command) {
  StateLocation location = stateLocation(settings);
  const std::string& path = location.path;
  if (!location.postgres() && path != ":memory:" && !Poco::File(path).exists()) {
    throw InputError(path + ": no state store yet: run 'racesync run -c " + settings.configPath() +
                     "' before '" + command + "'");
  }
  return location;
}

// --resend values (bibs, ids or emails, or "all") as registration ids; --to checked. Throws
// UsageError (64) naming the nearest registrants for a value that names nobody.
RunOptions resolveResends(StateStore& store, RunOptions options) {
  if (options.resend.empty() && options.resendTo.empty()) return options;
  if (!options.resendTo.empty() && !isPlausibleAddress(options.resendTo)) {
    throw UsageError("--to: '" + options.resendTo + "' is not an address mail can go to");
  }
  RegistrantFinder finder(store);
  std::vector<std::string> ids;
  for (const std::string& value : options.resend) {
    if (value == "all" || value == "in-doubt") {
      ids.push_back(value);
      continue;
    }
    std::vector<RegistrantMatch> matches = finder.find(value, false);
    if (matches.empty()) {
      std::vector<RegistrantSummary> near = finder.nearest(value, kNearest);
      throw UsageError("--resend " + value + ": no registrant has this bib, id or email" +
                       (near.empty() ? std::string() : "; nearest: " + describeNearest(near)));
    }
    for (const RegistrantMatch& m : matches) ids.push_back(m.registrant.id);
  }
  if (!options.resendTo.empty() && (ids.size() != 1 || ids[0] == "all" || ids[0] == "in-doubt")) {
    throw UsageError("--to " + options.resendTo +
                     ": sends the mail of one registrant: name exactly one with --resend (a bib, "
                     "an id, or an email that only one registrant has)");
  }
  options.resend = ids;
  return options;
}

}  // namespace

int runCommand(const CommandLine& line, const Environment& env, const DataDir& data,
               std::ostream& out, std::ostream& err, bool terminal) {
  Settings settings = Settings::load(line.configPath, env, data.templates());
  std::vector<std::string> steps = line.steps.empty() ? allStepNames() : parseSteps(line.steps);
  if (line.noMail) steps.erase(std::remove(steps.begin(), steps.end(), "mail"), steps.end());
  checkConfiguration(settings, steps);

  const FileModes modes = settings.fileModes();
  const StateLocation location = stateLocation(settings);
  RunLock lock(location, modes);
  RunOptions options = line.run;
  // A dry run works on a private copy of the state, removed however it ends: the real one stays
  // as it is. On PostgreSQL the copy is the session's own temporary tables (Mode::kScratch).
  std::unique_ptr<StateCopy> copy;
  if (options.dryRun) {
    if (!location.postgres()) copy = std::make_unique<StateCopy>(location.path, modes);
    options.scratchStore = true;
  }
  StateStore store(copy ? sqliteLocation(copy->path()) : location, modes,
                   options.dryRun ? StateStore::Mode::kScratch : StateStore::Mode::kShared);
  options = resolveResends(store, options);
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

  std::string reportPath, reportError;
  if (!line.run.dryRun) {
    reportPath = writeRunReport(store, settings, outcome, clock.nowMs(), reportError);
  }
  if (!line.quiet) {
    out << (line.run.dryRun
                ? formatPlan(outcome, line.verbose)
                : formatSummary(outcome, readStatus(store), athletesPerRace(store), reportPath));
  }
  printStepErrors(outcome, line.quiet, err);
  if (!outcome.storeError.empty()) err << "racesync: " << outcome.storeError << "\n";
  if (!reportError.empty()) {
    err << "racesync: " << reportError << "\n";
    printProblems(store, err);  // the report that would list them is not there
  }
  return outcome.exitCode;
}

int inspectCommand(const CommandLine& line, const Environment& env, std::ostream& out) {
  Settings settings = Settings::load(line.configPath, env);
  checkConfiguration(settings, {"import"});
  out << inspectRegistrations(settings);
  return exit_code::kOk;
}

int statusCommand(const CommandLine& line, const Environment& env, std::ostream& out) {
  Settings settings = Settings::load(line.configPath, env);
  const StateLocation location = stateLocation(settings);
  const std::string& path = location.path;
  if (!location.postgres() && path != ":memory:" && !Poco::File(path).exists()) {
    // No run yet: report zeros rather than create a store as a side effect of looking.
    out << (line.json ? statusJson(StatusCounts{}) + "\n" : statusText(StatusCounts{}));
    return exit_code::kOk;
  }
  StateStore store(location, settings.fileModes());
  StatusCounts counts = readStatus(store);
  out << (line.json ? statusJson(counts) + "\n" : statusText(counts));
  return exit_code::kOk;
}

int labelsCommand(const CommandLine& line, const Environment& env, std::ostream& out) {
  Settings settings = Settings::load(line.configPath, env);
  checkConfiguration(settings, {});
  PrintSettings print = readPrintSettings(settings);
  print.perRace = print.perRace || line.perRace;
  const StateLocation location = existingStore(settings, "labels");
  RunLock lock(location, settings.fileModes());
  StateStore store(location, settings.fileModes());
  LabelRecords records(store);
  LabelPlan plan = planLabels({records.candidates(), records.printed(), records.withoutLink()},
                              line.sinceLastPrint);
  if (line.run.dryRun) {
    for (const std::string& text : describe(plan)) out << text << "\n";
    return exit_code::kOk;
  }
  createFolders(settings.outDir(), settings.fileModes());
  SystemClock clock;
  out << labelsSummary(plan,
                       printLabels(store, settings.outDir(), print, plan, isoUtc(clock.nowMs())));
  return exit_code::kOk;
}

int lookupCommand(const CommandLine& line, const Environment& env, std::ostream& out) {
  Settings settings = Settings::load(line.configPath, env);
  StateStore store(existingStore(settings, "lookup"));
  RegistrantFinder finder(store);
  std::vector<RegistrantMatch> matches = finder.find(line.text, true);
  if (matches.empty()) {
    std::vector<RegistrantSummary> near = finder.nearest(line.text, kNearest);
    throw UsageError("lookup: no registrant has the bib, id, email or name '" + line.text + "'" +
                     (near.empty() ? std::string() : "; nearest: " + describeNearest(near)));
  }
  out << formatLookup(lookupDetails(store, matches, settings.outDir()));
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
