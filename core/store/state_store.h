// The state of one race event: an SQLite file (WAL mode), or that event's own schema in a shared
// PostgreSQL database, opened through Poco::Data with the schema migrated forward on open. Every
// SQL text goes through sql() (translated to the store's dialect); every write through transact().
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Types.h>

#include <functional>
#include <memory>
#include <string>

#include "core/base/file_modes.h"
#include "core/config/state_location.h"
#include "core/store/sql_dialect.h"

namespace racesync {

// "<path>: cannot write the state store: <cause> (<n> MB free): <fix>": the message of a StoreError
// for a write that failed.
std::string storeWriteFailure(const std::string& path, const std::string& cause);

class StateStore {
 public:
  // kScratch (PostgreSQL only): the store works on session-private copies (temporary tables) of
  // the event's tables, gone when the connection closes: what a dry run writes touches nothing
  // shared.
  enum class Mode { kShared, kScratch };

  // Opens or creates the SQLite store at `path` (":memory:" for tests) and migrates it to the
  // current schema version. Throws StoreError naming the path when the file cannot be opened, is
  // not a racesync store, or was written by a newer racesync. The file (and its -wal and -shm) and
  // new folders get `modes`, private by default: the store holds every registrant.
  explicit StateStore(const std::string& path, const FileModes& modes = FileModes{});
  // Opens `location`: the SQLite file as above, or on PostgreSQL the schema of location.event
  // (created and registered in racesync.events on first use), migrated the same way. Throws
  // StoreError naming the URL and event when the server cannot be reached or refuses.
  explicit StateStore(const StateLocation& location, const FileModes& modes = FileModes{},
                      Mode mode = Mode::kShared);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // A statement of `text` (written with ? placeholders, in the portable SQL of COMMON.md) in this
  // store's dialect, on this store's session: add use()/into() and now as with session() << text.
  Poco::Data::Statement sql(const std::string& text);
  // Runs `text`, which takes no values and returns no rows.
  void execute(const std::string& text);

  // For what sql() does not cover (StoreStatement's own handle). Never `session() << "SQL"`.
  Poco::Data::Session& session() { return *session_; }
  SqlDialect dialect() const { return dialect_; }
  // The file, or "<url> (event <event>)": what messages call this store.
  const std::string& path() const { return path_; }
  // The PostgreSQL schema holding this event's tables ("" on SQLite).
  const std::string& schema() const { return schema_; }
  int schemaVersion();

  // Runs `work` in one transaction: commits when it returns, rolls back and rethrows when it
  // throws. Nested calls join the outer transaction. A database error (a full disk, a read-only
  // file, a lost server) becomes a StoreError naming the store (storeWriteFailure).
  void transact(const std::function<void()>& work);

  // Writes a consistent copy of the whole SQLite store to `path` (SQLite's VACUUM INTO), which
  // must not exist or be empty (e.g. created 0600 by the caller). Throws StoreError when it cannot,
  // and always on PostgreSQL, where a dry run opens the store in Mode::kScratch instead.
  void copyTo(const std::string& path);

  // The id of a new row in `runs`, started now.
  Poco::Int64 beginRun(const std::string& startedAt, const std::string& steps);
  void finishRun(Poco::Int64 runId, const std::string& finishedAt, int exitCode,
                 const std::string& summaryJson);

 private:
  void openSqlite(const std::string& path, const FileModes& modes);
  void openPostgres(const StateLocation& location, Mode mode);
  void useEventSchema(const std::string& event);
  void copyIntoScratch(const std::string& event);
  void migrate();
  void setSchemaVersion(int version);
  int tableCount();
  // PostgreSQL: waits for the transaction-scoped advisory lock named `name`.
  void lockForTransaction(const std::string& name);
  void rollback();
  std::string writeFailure(const std::string& cause) const;

  std::string path_;
  std::string schema_;
  SqlDialect dialect_ = SqlDialect::kSqlite;
  std::unique_ptr<Poco::Data::Session> session_;
  int depth_ = 0;
};

}  // namespace racesync
