// One step of `racesync run` (import, keys, links, racemap, raceranger, mail) and what every step
// is given to work with. Steps read and write the store; they report row-level problems as data.
#pragma once

#include <Poco/Types.h>

#include <map>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace racesync {

class Clock;
class HttpTransport;
class Progress;
class Settings;
class StateStore;

// What the user asked of this run beyond the configuration.
struct RunOptions {
  bool dryRun = false;
  // The store is a throwaway copy (a dry run's): steps may write to it, so that later steps plan
  // with what earlier ones would have done; remote writes, mails and output files stay off.
  bool scratchStore = false;
  bool releaseWithdrawn = false;  // keys: free keys of withdrawn registrants never used
  // import: --allow-shrink, withdraw past registrations.max_withdraw_percent (and from an export
  // without rows) this once
  bool allowShrink = false;
  std::vector<std::string> resend;  // mail: registration ids to mail again ("all" for all)
  std::string resendTo;  // mail: --to, the one address the one resent mail goes to this time
};

// The plan a dry run prints: one line per intended action, grouped by step.
struct Plan {
  std::vector<std::pair<std::string, std::string>> actions;  // (step, what it would do)
  void add(const std::string& step, const std::string& action) {
    actions.emplace_back(step, action);
  }
};

// What the import of this run changed: the registration ids it added, changed or withdrew. Later
// steps work on these (and on what they left undone before), not on everyone. Unknown when the
// import did not run (--steps without it) or failed: then they look at everyone.
struct ChangeSet {
  bool known = false;
  std::unordered_set<std::string> ids;

  // True when the import ran and changed nobody.
  bool none() const { return known && ids.empty(); }
  // Whether registrant `id` may have changed in this run (always true when unknown).
  bool mayHaveChanged(const std::string& id) const { return !known || ids.count(id) > 0; }
};

struct RunContext {
  const Settings& settings;
  StateStore& store;
  HttpTransport& http;
  Clock& clock;
  Progress& progress;
  RunOptions options;
  Poco::Int64 runId = 0;
  Plan plan;
  ChangeSet changes = {};  // set by the import step
};

// What a step did, for the summary, the report and `status`: ordered (name, value) counts and
// free-text notes ("race 'Marathon' has started: not pushed"). Alerts are notes that data may
// be lost (no email column: nobody is mailed): printed even with -q.
struct StepResult {
  std::vector<std::pair<std::string, long long>> counts;
  // Work the step left for a later run (a QR code not written, a row refused): the next run does
  // the step even when the import changed nobody.
  bool pending = false;
  // The step had nothing to do: the import changed nobody and it left nothing undone last time.
  bool idle = false;
  std::vector<std::string> notes;
  std::vector<std::string> alerts;
  void count(const std::string& name, long long value) { counts.emplace_back(name, value); }
  void note(const std::string& text) { notes.push_back(text); }
  void alert(const std::string& text) { alerts.push_back(text); }
};

class Step {
 public:
  virtual ~Step() = default;
  // The name used by --steps and in the report.
  virtual const char* name() const = 0;
  // Does the step's work. Row-level problems go to the store; a failure that stops the whole step
  // throws a RacesyncError (RemoteError, TemporaryError, ConfigurationError, InputError).
  virtual StepResult run(RunContext& context) = 0;
};

}  // namespace racesync
