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
  explicit Statements(Poco::Data::Session& session)
      : markSeen(session),
        findSeen(session),
        updateSeen(session),
        markAdded(session),
        claimBib(session),
        findBib(session) {
    markSeen << "INSERT OR IGNORE INTO temp.import_seen (id, source, line, place, race, name) "
                "VALUES (?, ?, ?, ?, ?, ?)",
        use(key), use(at.source), use(at.line), use(at.place), use(at.race), use(at.name);
    findSeen << "SELECT source, line, place, race, name FROM temp.import_seen WHERE id = ?",
        use(key), into(earlier.source), into(earlier.line), into(earlier.place), into(earlier.race),
        into(earlier.name);
    updateSeen << "UPDATE temp.import_seen SET source = ?, line = ?, place = ?, race = ?, "
                  "name = ? WHERE id = ?",
        use(at.source), use(at.line), use(at.place), use(at.race), use(at.name), use(key);
    markAdded << "INSERT OR IGNORE INTO temp.import_added (id) VALUES (?)", use(key);
    claimBib << "INSERT OR IGNORE INTO temp.import_bibs (bib, id, name, source, line, place) "
                "VALUES (?, ?, ?, ?, ?, ?)",
        use(key), use(at.id), use(at.name), use(at.source), use(at.line), use(at.place);
    findBib << "SELECT id, name, source, line, place FROM temp.import_bibs WHERE bib = ?", use(key),
        into(earlier.id), into(earlier.name), into(earlier.source), into(earlier.line),
        into(earlier.place);
  }

  std::string key;  // the id or the bib
  LedgerPlace at;
  LedgerPlace earlier;
  Poco::Data::Statement markSeen, findSeen, updateSeen, markAdded, claimBib, findBib;
};

ImportLedger::ImportLedger(StateStore& store) {
  auto& session = store.session();
  session << "CREATE TEMP TABLE IF NOT EXISTS import_seen (id TEXT PRIMARY KEY, "
             "source TEXT NOT NULL, line INTEGER NOT NULL, place TEXT NOT NULL, "
             "race TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '')",
      now;
  session << "CREATE TEMP TABLE IF NOT EXISTS import_added (id TEXT PRIMARY KEY)", now;
  session << "CREATE TEMP TABLE IF NOT EXISTS import_bibs (bib TEXT PRIMARY KEY, id TEXT, "
             "name TEXT NOT NULL, source TEXT NOT NULL, line INTEGER NOT NULL, "
             "place TEXT NOT NULL)",
      now;
  session << "DELETE FROM temp.import_seen", now;
  session << "DELETE FROM temp.import_bibs", now;
  session << "DELETE FROM temp.import_added", now;
  statements_ = std::make_unique<Statements>(session);
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
