// An exclusive lock per state, so that two runs (a cron job and a person, say, or two hosts on a
// shared PostgreSQL state) never work on the same event at once. On SQLite a file lock beside the
// state file; on PostgreSQL a session-level advisory lock on the event's schema, held by a
// connection of its own. Either is released when the process dies: no stale locks.
#pragma once

#include <string>

#include "core/base/file_modes.h"
#include "core/config/state_location.h"

struct pg_conn;

namespace racesync {

class RunLock {
 public:
  // Takes the lock file `statePath + ".lock"` and writes this process id into it. Throws
  // TemporaryError naming the other run's process id when another process holds it, StoreError
  // when the lock file cannot be created. A ":memory:" state needs no lock. The lock file and a
  // new state folder get `modes`.
  explicit RunLock(const std::string& statePath, const FileModes& modes = FileModes{});
  // The lock of `location`: the lock file of its SQLite file as above, or on PostgreSQL the
  // advisory lock of its event, on a connection named "racesync <host>:<pid>". Throws
  // TemporaryError naming the host and process of the holder when another session holds it,
  // StoreError when the server cannot be reached.
  explicit RunLock(const StateLocation& location, const FileModes& modes = FileModes{});
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  // The lock file ("" on PostgreSQL and for ":memory:").
  const std::string& path() const { return path_; }

 private:
  void lockFile(const std::string& statePath, const FileModes& modes);
  void lockPostgres(const StateLocation& location);
  std::string postgresHolder(long long key);

  std::string path_;
  int fd_ = -1;
  pg_conn* pg_ = nullptr;
  long long pgKey_ = 0;  // the advisory lock pg_ holds
};

}  // namespace racesync
