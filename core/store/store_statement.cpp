#include "core/store/store_statement.h"

#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

#include "core/base/errors.h"
#include "core/store/state_store.h"

namespace racesync {

StoreStatement::StoreStatement(StateStore& store, const std::string& sql)
    : db_(Poco::Data::SQLite::Utility::dbHandle(store.session())), sql_(sql) {
  if (!db_ || sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement_,
                                 nullptr) != SQLITE_OK) {
    fail("cannot be prepared");
  }
}

StoreStatement::~StoreStatement() { sqlite3_finalize(statement_); }

StoreStatement& StoreStatement::bind(int index, const std::string& text) {
  if (sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    fail("cannot be bound");
  }
  return *this;
}

StoreStatement& StoreStatement::bind(int index, long long value) {
  if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) fail("cannot be bound");
  return *this;
}

StoreStatement& StoreStatement::bindNull(int index) {
  if (sqlite3_bind_null(statement_, index) != SQLITE_OK) fail("cannot be bound");
  return *this;
}

int StoreStatement::run() {
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) rc = sqlite3_step(statement_);
  if (rc != SQLITE_DONE) {
    sqlite3_reset(statement_);
    fail("failed");
  }
  sqlite3_reset(statement_);
  return sqlite3_changes(db_);
}

bool StoreStatement::next() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  sqlite3_reset(statement_);
  if (rc != SQLITE_DONE) fail("failed");
  return false;
}

void StoreStatement::text(int column, std::string& into) const {
  const unsigned char* value = sqlite3_column_text(statement_, column);
  if (value == nullptr) {
    into.clear();
  } else {
    into.assign(reinterpret_cast<const char*>(value),
                static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }
}

long long StoreStatement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

void StoreStatement::fail(const char* what) const {
  throw StoreError("state store: statement '" + sql_.substr(0, 60) + "' " + what + ": " +
                   (db_ ? sqlite3_errmsg(db_) : "no connection"));
}

}  // namespace racesync
