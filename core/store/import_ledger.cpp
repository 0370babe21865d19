#include "core/store/import_ledger.h"

#include <Poco/Data/Session.h>

#include "core/store/state_store.h"
#include "core/store/store_statement.h"

using Poco::Data::Keywords::now;

namespace racesync {

// The statements run once per row, prepared once on the store's connection.
struct ImportLedger::Statements {
  explicit Statements(StateStore& store)
      : markSeen(store,
                 "INSERT INTO import_seen (id, source, line, place, race, name) "
                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"),
        findSeen(store, "SELECT source, line, place, race, name FROM import_seen WHERE id = ?"),
        updateSeen(store,
                   "UPDATE import_seen SET source = ?, line = ?, place = ?, race = ?, name = ? "
                   "WHERE id = ?"),
        markAdded(store, "INSERT INTO import_added (id) VALUES (?) ON CONFLICT (id) DO NOTHING"),
        claimBib(store,
                 "INSERT INTO import_bibs (bib, id, name, source, line, place) "
                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bib) DO NOTHING"),
        findBib(store, "SELECT id, name, source, line, place FROM import_bibs WHERE bib = ?") {}

  StoreStatement markSeen, findSeen, updateSeen, markAdded, claimBib, findBib;
};

ImportLedger::ImportLedger(StateStore& store) {
  store.sql(
      "CREATE TEMP TABLE IF NOT EXISTS import_seen (id TEXT PRIMARY KEY, "
      "source TEXT NOT NULL, line INTEGER NOT NULL, place TEXT NOT NULL, "
      "race TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '')"),
      now;
  store.sql("CREATE TEMP TABLE IF NOT EXISTS import_added (id TEXT PRIMARY KEY)"), now;
  store.sql(
      "CREATE TEMP TABLE IF NOT EXISTS import_bibs (bib TEXT PRIMARY KEY, id TEXT, "
      "name TEXT NOT NULL, source TEXT NOT NULL, line INTEGER NOT NULL, "
      "place TEXT NOT NULL)"),
      now;
  store.sql("DELETE FROM import_seen"), now;
  store.sql("DELETE FROM import_bibs"), now;
  store.sql("DELETE FROM import_added"), now;
  statements_ = std::make_unique<Statements>(store);
}

ImportLedger::~ImportLedger() = default;

namespace {

// Reads the one row of `statement` (a lookup by primary key) into `into`'s source, line and
// place from column `first` on, then ends the statement.
void readPlace(StoreStatement& statement, int first, LedgerPlace& into) {
  statement.text(first, into.source);
  into.line = static_cast<int>(statement.integer(first + 1));
  statement.text(first + 2, into.place);
}

void finish(StoreStatement& statement) {
  while (statement.next()) {
  }
}

}  // namespace

bool ImportLedger::markSeen(const std::string& id, const LedgerPlace& at, LedgerPlace& earlier) {
  Statements& s = *statements_;
  s.markSeen.bind(1, id).bind(2, at.source).bind(3, static_cast<long long>(at.line));
  if (s.markSeen.bind(4, at.place).bind(5, at.race).bind(6, at.name).run() > 0) return true;
  earlier = LedgerPlace{};
  s.findSeen.bind(1, id);
  if (s.findSeen.next()) {
    readPlace(s.findSeen, 0, earlier);
    s.findSeen.text(3, earlier.race);
    s.findSeen.text(4, earlier.name);
    finish(s.findSeen);
  }
  return false;
}

void ImportLedger::updateSeen(const std::string& id, const LedgerPlace& at) {
  Statements& s = *statements_;
  s.updateSeen.bind(1, at.source).bind(2, static_cast<long long>(at.line)).bind(3, at.place);
  s.updateSeen.bind(4, at.race).bind(5, at.name).bind(6, id).run();
}

void ImportLedger::markAdded(const std::string& id) { statements_->markAdded.bind(1, id).run(); }

bool ImportLedger::claimBib(const std::string& bib, const LedgerPlace& at, LedgerPlace& earlier) {
  Statements& s = *statements_;
  s.claimBib.bind(1, bib).bind(2, at.id).bind(3, at.name).bind(4, at.source);
  if (s.claimBib.bind(5, static_cast<long long>(at.line)).bind(6, at.place).run() > 0) return true;
  earlier = LedgerPlace{};
  s.findBib.bind(1, bib);
  if (s.findBib.next()) {
    s.findBib.text(0, earlier.id);
    s.findBib.text(1, earlier.name);
    readPlace(s.findBib, 2, earlier);
    finish(s.findBib);
  }
  return false;
}

}  // namespace racesync
