#include "jobs/state_command.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <memory>

#include "core/base/errors.h"
#include "core/config/state_location.h"
#include "core/run/run_lock.h"
#include "core/store/state_store.h"
#include "core/store/state_transfer.h"

namespace racesync {

namespace {

bool isStoreUrl(const std::string& where) {
  return where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0;
}

// One side of the transfer: where it is, its run lock and the store.
struct Side {
  std::string name;
  std::unique_ptr<RunLock> lock;
  std::unique_ptr<StateStore> store;
};

// Where `where` is: an SQLite file, or on PostgreSQL the configuration's event (state.event, else
// racemap.event_id, else event.name) in that database, the password from RACESYNC_DB_PASSWORD.
StateLocation locate(const std::string& where, const CommandLine& line, Environment env) {
  if (!isStoreUrl(where)) return sqliteLocation(where);
  env["RACESYNC_STATE_URL"] = where;
  return stateLocation(Settings::load(line.configPath, env));
}

// Locks and opens the store at `location`; a source must exist already (an SQLite file that is
// not there would be created empty: refused instead).
Side openSide(const StateLocation& location, const Settings& settings, bool source) {
  Side side;
  side.name = location.name();
  if (source && !location.postgres() && location.path != ":memory:" &&
      !Poco::File(location.path).exists()) {
    throw InputError(location.path +
                     ": no state store there: check the path (a state is copied "
                     "from a store that racesync has run on)");
  }
  side.lock = std::make_unique<RunLock>(location, settings.fileModes());
  side.store = std::make_unique<StateStore>(location, settings.fileModes());
  return side;
}

std::string absolute(const StateLocation& location) {
  return location.postgres() ? location.url + "#" + location.event
                             : Poco::Path(location.path).makeAbsolute().toString();
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
  const StateLocation configured = stateLocation(settings);
  const StateLocation named = locate(other, line, env);
  if (absolute(configured) == absolute(named)) {
    throw UsageError(word + ": " + other + " is the configured store itself: name another one");
  }
  Side source = openSide(exporting ? configured : named, settings, true);
  Side target = openSide(exporting ? named : configured, settings, false);
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
