// One SQL statement prepared once on the store's connection, then bound and run per row.
// Poco::Data's Statement prepares its SQL again on every execute, which costs more than writing
// the row itself: the bulk writes of the keys and links steps, and the report's reading of every
// registrant, go through this instead. On PostgreSQL it is a libpq prepared statement on the
// store's own connection (so it runs in the store's transaction), its rows read one at a time.
#pragma once

#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;
struct pg_conn;
struct pg_result;

namespace racesync {

class StateStore;

class StoreStatement {
 public:
  // Prepares `sql` (with ? placeholders) on `store`'s connection; it runs in whatever transaction
  // the store has open. Throws StoreError naming the statement when it cannot be prepared.
  StoreStatement(StateStore& store, const std::string& sql);
  ~StoreStatement();
  StoreStatement(const StoreStatement&) = delete;
  StoreStatement& operator=(const StoreStatement&) = delete;

  // Binds placeholder `index` (1-based) for the next run.
  StoreStatement& bind(int index, const std::string& text);
  StoreStatement& bind(int index, long long value);
  StoreStatement& bindNull(int index);

  // Runs the statement to its end with the bound values and resets it for the next ones; returns
  // the rows it changed. Throws StoreError naming the statement and SQLite's words.
  int run();

  // Steps a query to its next row: true while there is one (read it with text() and integer()),
  // false at the end, when the statement is reset for the next bindings. Holds one row at a time,
  // where Poco's RecordSet would hold them all. Throws StoreError like run().
  bool next();
  // Column `column` (0-based) of the current row; "" and 0 for NULL.
  void text(int column, std::string& into) const;
  long long integer(int column) const;

 private:
  [[noreturn]] void fail(const char* what) const;
  [[noreturn]] void failPostgres(const char* what, pg_result* result);
  int runPostgres();
  bool nextPostgres();
  void finishQuery();

  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
  std::string sql_;
  // PostgreSQL: the connection, the prepared statement's name, the bound values, the current row.
  pg_conn* pg_ = nullptr;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<char> null_;
  pg_result* row_ = nullptr;
  bool querying_ = false;
};

}  // namespace racesync
