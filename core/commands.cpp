#include "core/commands.h"

#include <Poco/File.h>

#include <algorithm>

#include "core/clock.h"
#include "core/errors.h"
#include "core/pipeline.h"
#include "core/poco_http_transport.h"
#include "core/progress.h"
#include "core/state_store.h"
#include "core/status.h"

namespace racesync {

namespace {

// Plain lines, one per step with its counts: what cron mails to the operator.
class LineProgress : public Progress {
 public:
  LineProgress(std::ostream& out, bool quiet, bool verbose)
      : out_(out), quiet_(quiet), verbose_(verbose) {}
  void stepStarted(const std::string&, long long) override {}
  void advanced(const std::string&) override {}
  void stepFinished(const std::string& step, const std::string& summary) override {
    if (!quiet_) out_ << step << ": " << summary << "\n";
  }
  void warning(const std::string& message) override {
    if (!quiet_) out_ << "warning: " << message << "\n";
  }
  void exchanged(const std::string& method, const std::string& url, int status,
                 long long ms) override {
    if (verbose_) out_ << method << " " << url << " " << status << " " << ms << " ms\n";
  }

 private:
  std::ostream& out_;
  bool quiet_;
  bool verbose_;
};

}  // namespace

int runCommand(const CommandLine& line, const Environment& env, std::ostream& out,
               std::ostream& err, bool /*terminal*/) {
  Settings settings = Settings::load(line.configPath, env);
  std::vector<std::string> steps = line.steps.empty() ? allStepNames() : parseSteps(line.steps);
  if (line.noMail) steps.erase(std::remove(steps.begin(), steps.end(), "mail"), steps.end());

  StateStore store(settings.statePath());
  SystemClock clock;
  LineProgress progress(out, line.quiet, line.verbose);
  PocoHttpTransport http(&progress);
  Pipeline pipeline(settings, store, http, clock, progress);
  RunOutcome outcome = pipeline.run(steps, line.run);
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

}  // namespace racesync
