// An exclusive lock beside the state file, so that two runs (a cron job and a person, say) never
// work on the same state at once. The kernel releases it when the process dies: no stale locks.
#pragma once

#include <string>

#include "core/base/file_modes.h"

namespace racesync {

class RunLock {
 public:
  // Takes the lock file `statePath + ".lock"` and writes this process id into it. Throws
  // TemporaryError naming the other run's process id when another process holds it, StoreError
  // when the lock file cannot be created. A ":memory:" state needs no lock. The lock file and a
  // new state folder get `modes`.
  explicit RunLock(const std::string& statePath, const FileModes& modes = FileModes{});
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace racesync
