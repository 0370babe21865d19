#include "core/store/import_ledger.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

// The prepared statements and the variables they are bound to (by reference, on the heap).
struct ImportLedger::Statements {
  // The temporary tables are named without a schema: SQLite and PostgreSQL look there first.
  explicit Statements(StateStore& store)
      : markSeen(store.sql("INSERT INTO import_seen (id, source, line, place, race, name) "
                           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")),
        findSeen(store.sql("SELECT source, line, place, race, name FROM import_seen WHERE id = ?")),
        updateSeen(store.sql("UPDATE import_seen SET source = ?, line = ?, place = ?, race = ?, "
                             "name = ? WHERE id = ?")),
        markAdded(store.sql("INSERT INTO import_added (id) VALUES (?) ON CONFLICT DO NOTHING")),
        claimBib(store.sql("INSERT INTO import_bibs (bib, id, name, source, line, place) "
                           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")),
        findBib(store.sql("SELECT id, name, source, line, place FROM import_bibs WHERE bib = ?")) {
    markSeen, use(key), use(at.source), use(at.line), use(at.place), use(at.race), use(at.name);
    findSeen, use(key), into(earlier.source), into(earlier.line), into(earlier.place),
        into(earlier.race), into(earlier.name);
    updateSeen, use(at.source), use(at.line), use(at.place), use(at.race), use(at.name), use(key);
    markAdded, use(key);
    claimBib, use(key), use(at.id), use(at.name), use(at.source), use(at.line), use(at.place);
    findBib, use(key), into(earlier.id), into(earlier.name), into(earlier.source),
        into(earlier.line), into(earlier.place);
  }

  std::string key;  // the id or the bib
  LedgerPlace at;
  LedgerPlace earlier;
  Poco::Data::Statement markSeen, findSeen, updateSeen, markAdded, claimBib, findBib;
};

ImportLedger::ImportLedger(StateStore& store) {
  store.execute(
      "CREATE TEMP TABLE IF NOT EXISTS import_seen (id TEXT PRIMARY KEY, "
      "source TEXT NOT NULL, line INTEGER NOT NULL, place TEXT NOT NULL, "
      "race TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '')");
  store.execute("CREATE TEMP TABLE IF NOT EXISTS import_added (id TEXT PRIMARY KEY)");
  store.execute(
      "CREATE TEMP TABLE IF NOT EXISTS import_bibs (bib TEXT PRIMARY KEY, id TEXT, "
      "name TEXT NOT NULL, source TEXT NOT NULL, line INTEGER NOT NULL, place TEXT NOT NULL)");
  store.execute("DELETE FROM import_seen");
  store.execute("DELETE FROM import_bibs");
  store.execute("DELETE FROM import_added");
  statements_ = std::make_unique<Statements>(store);
}

ImportLedger::~ImportLedger() = default;

bool ImportLedger::markSeen(const std::string& id, const LedgerPlace& at, LedgerPlace& earlier) {
  Statements& s = *statements_;
  s.key = id;
  s.at = at;
  if (s.markSeen.execute() > 0) return true;
  s.earlier = LedgerPlace{};
  s.findSeen.execute();
  earlier = s.earlier;
  return false;
}

void ImportLedger::updateSeen(const std::string& id, const LedgerPlace& at) {
  Statements& s = *statements_;
  s.key = id;
  s.at = at;
  s.updateSeen.execute();
}

void ImportLedger::markAdded(const std::string& id) {
  Statements& s = *statements_;
  s.key = id;
  s.markAdded.execute();
}

bool ImportLedger::claimBib(const std::string& bib, const LedgerPlace& at, LedgerPlace& earlier) {
  Statements& s = *statements_;
  s.key = bib;
  s.at = at;
  if (s.claimBib.execute() > 0) return true;
  s.earlier = LedgerPlace{};
  s.findBib.execute();
  earlier = s.earlier;
  return false;
}

}  // namespace racesync
