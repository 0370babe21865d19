// The local state of one race event: an SQLite file (WAL mode) opened through Poco::Data, with the
// schema migrated forward on open. Every step's writes go through transact().
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Types.h>

#include <functional>
#include <memory>
#include <string>

#include "core/base/file_modes.h"

namespace racesync {

// "<path>: cannot write the state store: <cause> (<n> MB free): <fix>": the message of a StoreError
// for a write that failed.
std::string storeWriteFailure(const std::string& path, const std::string& cause);

class StateStore {
 public:
  // Opens or creates the store at `path` (":memory:" for tests) and migrates it to the current
  // schema version. Throws StoreError naming the path when the file cannot be opened, is not a
  // racesync store, or was written by a newer racesync. The file (and its -wal and -shm) and new
  // folders get `modes`, private by default: the store holds every registrant.
  explicit StateStore(const std::string& path, const FileModes& modes = FileModes{});
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  Poco::Data::Session& session() { return *session_; }
  const std::string& path() const { return path_; }
  int schemaVersion();

  // Runs `work` in one transaction: commits when it returns, rolls back and rethrows when it
  // throws. Nested calls join the outer transaction. A database error (a full disk, a read-only
  // file) becomes a StoreError naming the file and the free space (storeWriteFailure).
  void transact(const std::function<void()>& work);

  // Writes a consistent copy of the whole store to `path` (SQLite's VACUUM INTO), which must not
  // exist or be empty (e.g. created 0600 by the caller). Throws StoreError when it cannot.
  void copyTo(const std::string& path);

  // The id of a new row in `runs`, started now.
  Poco::Int64 beginRun(const std::string& startedAt, const std::string& steps);
  void finishRun(Poco::Int64 runId, const std::string& finishedAt, int exitCode,
                 const std::string& summaryJson);

 private:
  void migrate();
  void rollback();

  std::string path_;
  std::unique_ptr<Poco::Data::Session> session_;
  int depth_ = 0;
};

}  // namespace racesync
