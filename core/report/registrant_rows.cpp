#include "core/report/registrant_rows.h"

#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

#include "core/base/errors.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

constexpr const char* kQuery =
    "SELECT r.id, r.bib, r.first_name, r.last_name, r.name, r.email, r.race, r.status, "
    "coalesce(l.key, ''), coalesce(l.link, ''), coalesce(l.qr_file, ''), "
    "coalesce(a.outcome, ''), coalesce(CASE m.state WHEN 'sending' THEN 'in doubt' ELSE m.state "
    "END, ''), coalesce(m.last_error, ''), r.source, r.line "
    "FROM registrants r LEFT JOIN links l ON l.registration_id = r.id "
    "LEFT JOIN athletes a ON a.registration_id = r.id "
    "LEFT JOIN mails m ON m.registration_id = r.id AND m.link = l.link "
    "ORDER BY r.race, r.status, CASE WHEN r.bib = '' THEN 1 ELSE 0 END, length(r.bib), r.bib, "
    "r.name, r.id";

// Closes the statement however the loop ends.
struct Finalizer {
  sqlite3_stmt* statement = nullptr;
  ~Finalizer() { sqlite3_finalize(statement); }
};

void readText(sqlite3_stmt* statement, int column, std::string& into) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  if (text == nullptr) {
    into.clear();
  } else {
    into.assign(reinterpret_cast<const char*>(text),
                static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
  }
}

[[noreturn]] void fail(sqlite3* db) {
  throw StoreError(std::string("report: cannot read the registrants: ") + sqlite3_errmsg(db));
}

}  // namespace

void forEachRegistrant(StateStore& store, const std::function<void(const RegistrantRow&)>& each) {
  // Poco's RecordSet would hold every row in memory; stepping SQLite's own statement holds one.
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(store.session());
  Finalizer query;
  if (sqlite3_prepare_v2(db, kQuery, -1, &query.statement, nullptr) != SQLITE_OK) fail(db);
  RegistrantRow row;
  std::string status;
  int step = 0;
  while ((step = sqlite3_step(query.statement)) == SQLITE_ROW) {
    sqlite3_stmt* s = query.statement;
    readText(s, 0, row.id);
    readText(s, 1, row.bib);
    readText(s, 2, row.firstName);
    readText(s, 3, row.lastName);
    readText(s, 4, row.name);
    readText(s, 5, row.email);
    readText(s, 6, row.race);
    readText(s, 7, status);
    row.withdrawn = status == "withdrawn";
    readText(s, 8, row.key);
    readText(s, 9, row.link);
    readText(s, 10, row.qrFile);
    readText(s, 11, row.athlete);
    readText(s, 12, row.mail);
    readText(s, 13, row.mailError);
    readText(s, 14, row.source);
    row.line = sqlite3_column_int(s, 15);
    each(row);
  }
  if (step != SQLITE_DONE) fail(db);
}

}  // namespace racesync
