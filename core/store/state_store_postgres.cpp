// The PostgreSQL half of StateStore: one schema per event, registered in racesync.events, and the
// scratch mode of a dry run (session-private copies of the event's tables).
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Environment.h>
#include <Poco/Process.h>

#include <vector>

#include "core/base/errors.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

void StateStore::openPostgres(const StateLocation& location, Mode mode) {
  Poco::Data::PostgreSQL::Connector::registerConnector();
  dialect_ = SqlDialect::kPostgres;
  try {
    session_ = std::make_unique<Poco::Data::Session>("PostgreSQL", location.conninfo);
    // Poco splits its connection string at spaces, so the name (with one) is set afterwards.
    std::string application =
        "racesync " + Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id());
    std::string set;
    sql("SELECT set_config('application_name', ?, false)"), use(application), into(set), now;
    execute("SET client_min_messages = warning");  // no NOTICE for CREATE ... IF NOT EXISTS
    if (mode == Mode::kScratch) {
      copyIntoScratch(location.event);
    } else {
      useEventSchema(location.event);
    }
    migrate();
  } catch (const StoreError&) {
    throw;
  } catch (const Poco::Exception& e) {
    throw StoreError(path_ + ": cannot open the state store: " + oneLine(e.displayText()) +
                     ": check state.url, that the server runs and that its user may connect "
                     "and create schemas");
  }
}

void StateStore::useEventSchema(const std::string& event) {
  std::string name = event;
  std::string wanted = eventSchemaName(event);
  transact([&] {
    // Two hosts registering events at once: one after the other.
    lockForTransaction("racesync.events");
    execute("CREATE SCHEMA IF NOT EXISTS racesync");
    execute(
        "CREATE TABLE IF NOT EXISTS racesync.events (event TEXT PRIMARY KEY, "
        "schema_name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL DEFAULT '')");
    sql("INSERT INTO racesync.events (event, schema_name, created_at) "
        "VALUES (?, ?, CAST(now() AS TEXT)) ON CONFLICT (event) DO NOTHING"),
        use(name), use(wanted), now;
    sql("SELECT schema_name FROM racesync.events WHERE event = ?"), use(name), into(schema_), now;
    execute("CREATE SCHEMA IF NOT EXISTS " + quoteIdentifier(schema_));
    // Not SET LOCAL: the path stays for the whole session once this commits.
    execute("SET search_path TO " + quoteIdentifier(schema_));
  });
}

void StateStore::copyIntoScratch(const std::string& event) {
  std::string name = event;
  std::vector<std::string> found;
  int registry = 0;
  sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'racesync' AND "
      "table_name = 'events'"),
      into(registry), now;
  if (registry > 0) {
    sql("SELECT schema_name FROM racesync.events WHERE event = ?"), use(name), into(found), now;
  }
  schema_ = found.empty() ? eventSchemaName(event) : found[0];
  const std::string source = quoteIdentifier(schema_) + ".";
  transact([&] {
    execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");  // one snapshot of every table
    std::vector<std::string> tables, identityTables, identityColumns;
    sql("SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND "
        "table_type = 'BASE TABLE' ORDER BY table_name"),
        use(schema_), into(tables), now;
    sql("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ? "
        "AND is_identity = 'YES'"),
        use(schema_), into(identityTables), into(identityColumns), now;
    // Only the session's own temporary schema: a table not copied is missing, never shared.
    execute("SET search_path TO pg_temp");
    for (const std::string& table : tables) {
      const std::string copy = quoteIdentifier(table);
      execute("CREATE TEMP TABLE " + copy + " (LIKE " + source + copy + " INCLUDING ALL)");
      execute("INSERT INTO " + copy + " SELECT * FROM " + source + copy);
    }
    for (std::size_t i = 0; i < identityTables.size(); ++i) {
      const std::string table = quoteIdentifier(identityTables[i]);
      const std::string column = quoteIdentifier(identityColumns[i]);
      Poco::Int64 next = 1;
      sql("SELECT coalesce(max(" + column + "), 0) + 1 FROM " + table), into(next), now;
      execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " RESTART WITH " +
              std::to_string(next));
    }
  });
}

}  // namespace racesync
