#include "jobs/state_command.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <memory>

#include "core/base/errors.h"
#include "core/run/run_lock.h"
#include "core/store/state_store.h"
#include "core/store/state_transfer.h"

namespace racesync {

namespace {

bool isStoreUrl(const std::string& where) {
  return where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0;
}

// One side of the transfer: where it is (as the user named it), its run lock and the store.
struct Side {
  std::string name;
  std::unique_ptr<RunLock> lock;
  std::unique_ptr<StateStore> store;
};

// Locks and opens the store at `where` (an SQLite path or a PostgreSQL URL); a source must exist
// already (an SQLite file that is not there would be created empty: refused instead).
Side openSide(const std::string& where, const Settings& settings, bool source) {
  Side side;
  side.name = where;
  if (isStoreUrl(where)) {
    throw ConfigurationError(where +
                             ": this racesync keeps its state in SQLite files only: give a path");
  }
  if (source && where != ":memory:" && !Poco::File(where).exists()) {
    throw InputError(where +
                     ": no state store there: check the path (a state is copied from a "
                     "store that racesync has run on)");
  }
  side.lock = std::make_unique<RunLock>(where, settings.fileModes());
  side.store = std::make_unique<StateStore>(where, settings.fileModes());
  return side;
}

std::string absolute(const std::string& where) {
  return isStoreUrl(where) ? where : Poco::Path(where).makeAbsolute().toString();
}

}  // namespace

int stateCommand(const CommandLine& line, const Environment& env, std::ostream& out) {
  const bool exporting = line.text == "export";
  if (!exporting && line.text != "import") {
    throw UsageError("state: say 'state export --to WHERE' or 'state import --from WHERE'");
  }
  const std::string& other = exporting ? line.to : line.from;
  const std::string misplaced = exporting ? line.from : line.to;
  const std::string word = exporting ? "state export" : "state import";
  if (other.empty() || !misplaced.empty()) {
    throw UsageError(word + (exporting ? ": --to SQLITE-PATH or postgresql://USER@HOST/DB says "
                                         "where the state goes (and --from is import's)"
                                       : ": --from SQLITE-PATH or postgresql://USER@HOST/DB says "
                                         "where the state comes from (and --to is export's)"));
  }
  Settings settings = Settings::load(line.configPath, env);
  const std::string configured = settings.statePath();
  if (absolute(configured) == absolute(other)) {
    throw UsageError(word + ": " + other + " is the configured store itself: name another one");
  }
  Side source = openSide(exporting ? configured : other, settings, true);
  Side target = openSide(exporting ? other : configured, settings, false);
  TransferPlan plan = planTransfer(source.name, target.name, source.store->schemaVersion(),
                                   target.store->schemaVersion(), countState(*source.store),
                                   countState(*target.store), line.replace);
  for (const std::string& text : describeTransfer(plan)) out << word << ": " << text << "\n";
  if (line.run.dryRun) return exit_code::kOk;
  StateCounts copied = applyTransfer(*source.store, *target.store, plan);
  out << word << ": done: " << target.name << " holds " << copied.of("registrants")
      << " registrants and " << copied.of("keys") << " keys, as " << source.name << " does\n";
  return exit_code::kOk;
}

}  // namespace racesync
