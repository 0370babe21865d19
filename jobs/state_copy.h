// The private copy of the state store a dry run works on: in a new folder only this user may enter
// (mkdtemp, 0700), the copy 0600 in it, and both gone however the run ends: on return, on an
// exception, and on SIGINT, SIGTERM or SIGHUP. Nobody else can pre-create, read or swap it.
#pragma once

#include <string>

#include "core/base/file_modes.h"

namespace racesync {

class StateCopy {
 public:
  // Copies the store at `statePath` (nothing when it does not exist yet or is ":memory:": the copy
  // starts empty) into a new private folder under `tempRoot` ("" for $TMPDIR, else /tmp). The
  // store itself keeps `modes` (out.mode). Throws StoreError naming the folder or the store when
  // it cannot.
  StateCopy(const std::string& statePath, const FileModes& modes, const std::string& tempRoot = "");
  // Removes the copy, its -wal, -shm and -journal, and the folder.
  ~StateCopy();
  StateCopy(const StateCopy&) = delete;
  StateCopy& operator=(const StateCopy&) = delete;

  // The copy, for a StateStore to open.
  const std::string& path() const { return path_; }
  const std::string& folder() const { return folder_; }

 private:
  void remove() const;

  std::string folder_;
  std::string path_;
};

}  // namespace racesync
