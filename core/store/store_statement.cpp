#include "core/store/store_statement.h"

#include <Poco/Data/PostgreSQL/SessionHandle.h>
#include <Poco/Data/PostgreSQL/Utility.h>
#include <Poco/Data/SQLite/Utility.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>

#include "core/base/errors.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

// A name for each prepared statement of this process's connections.
std::string nextStatementName() {
  static unsigned long long counter = 0;
  return "racesync_statement_" + std::to_string(++counter);
}

}  // namespace

StoreStatement::StoreStatement(StateStore& store, const std::string& sql) : sql_(sql) {
  if (store.dialect() == SqlDialect::kPostgres) {
    Poco::Data::PostgreSQL::SessionHandle* handle =
        Poco::Data::PostgreSQL::Utility::handle(store.session());
    pg_ = handle != nullptr ? static_cast<PGconn*>(*handle) : nullptr;
    if (pg_ == nullptr) fail("cannot be prepared");
    name_ = nextStatementName();
    const std::size_t count = static_cast<std::size_t>(countPlaceholders(sql));
    values_.resize(count);
    null_.assign(count, 1);
    PGresult* result =
        PQprepare(pg_, name_.c_str(), translateSql(SqlDialect::kPostgres, sql).c_str(), 0, nullptr);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) failPostgres("cannot be prepared", result);
    PQclear(result);
    return;
  }
  db_ = Poco::Data::SQLite::Utility::dbHandle(store.session());
  if (!db_ || sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement_,
                                 nullptr) != SQLITE_OK) {
    fail("cannot be prepared");
  }
}

StoreStatement::~StoreStatement() {
  if (pg_ == nullptr) {
    sqlite3_finalize(statement_);
    return;
  }
  finishQuery();
  // Not transactional: the name goes even inside a failed transaction (the error is ignored).
  PQclear(PQexec(pg_, ("DEALLOCATE " + name_).c_str()));
}

StoreStatement& StoreStatement::bind(int index, const std::string& text) {
  if (pg_ != nullptr) {
    if (index < 1 || index > static_cast<int>(values_.size())) fail("cannot be bound");
    values_[static_cast<std::size_t>(index - 1)] = text;
    null_[static_cast<std::size_t>(index - 1)] = 0;
    return *this;
  }
  if (sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    fail("cannot be bound");
  }
  return *this;
}

StoreStatement& StoreStatement::bind(int index, long long value) {
  if (pg_ != nullptr) return bind(index, std::to_string(value));
  if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) fail("cannot be bound");
  return *this;
}

StoreStatement& StoreStatement::bindNull(int index) {
  if (pg_ != nullptr) {
    if (index < 1 || index > static_cast<int>(values_.size())) fail("cannot be bound");
    null_[static_cast<std::size_t>(index - 1)] = 1;
    return *this;
  }
  if (sqlite3_bind_null(statement_, index) != SQLITE_OK) fail("cannot be bound");
  return *this;
}

int StoreStatement::run() {
  if (pg_ != nullptr) return runPostgres();
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
  if (pg_ != nullptr) return nextPostgres();
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  sqlite3_reset(statement_);
  if (rc != SQLITE_DONE) fail("failed");
  return false;
}

void StoreStatement::text(int column, std::string& into) const {
  if (pg_ != nullptr) {
    if (row_ == nullptr || PQgetisnull(row_, 0, column)) {
      into.clear();
    } else {
      into.assign(PQgetvalue(row_, 0, column),
                  static_cast<std::size_t>(PQgetlength(row_, 0, column)));
    }
    return;
  }
  const unsigned char* value = sqlite3_column_text(statement_, column);
  if (value == nullptr) {
    into.clear();
  } else {
    into.assign(reinterpret_cast<const char*>(value),
                static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }
}

long long StoreStatement::integer(int column) const {
  if (pg_ != nullptr) {
    if (row_ == nullptr || PQgetisnull(row_, 0, column)) return 0;
    return std::strtoll(PQgetvalue(row_, 0, column), nullptr, 10);
  }
  return sqlite3_column_int64(statement_, column);
}

int StoreStatement::runPostgres() {
  finishQuery();
  std::vector<const char*> values(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    values[i] = null_[i] ? nullptr : values_[i].c_str();
  }
  PGresult* result = PQexecPrepared(pg_, name_.c_str(), static_cast<int>(values.size()),
                                    values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) failPostgres("failed", result);
  const int changed = std::atoi(PQcmdTuples(result));
  PQclear(result);
  return changed;
}

// Single-row mode: libpq hands over one row per PGresult instead of the whole result.
bool StoreStatement::nextPostgres() {
  PQclear(row_);
  row_ = nullptr;
  if (!querying_) {
    std::vector<const char*> values(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values[i] = null_[i] ? nullptr : values_[i].c_str();
    }
    if (PQsendQueryPrepared(pg_, name_.c_str(), static_cast<int>(values.size()), values.data(),
                            nullptr, nullptr, 0) != 1) {
      failPostgres("failed", nullptr);
    }
    querying_ = true;
    PQsetSingleRowMode(pg_);
  }
  PGresult* result = PQgetResult(pg_);
  const ExecStatusType status = PQresultStatus(result);
  if (status == PGRES_SINGLE_TUPLE) {
    row_ = result;
    return true;
  }
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) failPostgres("failed", result);
  PQclear(result);
  finishQuery();
  return false;
}

// Reads what is left of a query begun by next() (libpq takes no other command until then).
void StoreStatement::finishQuery() {
  PQclear(row_);
  row_ = nullptr;
  if (!querying_) return;
  querying_ = false;
  while (PGresult* rest = PQgetResult(pg_)) PQclear(rest);
}

void StoreStatement::failPostgres(const char* what, pg_result* result) {
  std::string words =
      oneLine(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(pg_));
  PQclear(result);
  finishQuery();
  throw StoreError("state store: statement '" + sql_.substr(0, 60) + "' " + what + ": " + words);
}

void StoreStatement::fail(const char* what) const {
  throw StoreError("state store: statement '" + sql_.substr(0, 60) + "' " + what + ": " +
                   (db_   ? sqlite3_errmsg(db_)
                    : pg_ ? "no such placeholder"
                          : "no connection"));
}

}  // namespace racesync
