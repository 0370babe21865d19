#include "core/run/run_lock.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/base/errors.h"

namespace racesync {

RunLock::RunLock(const std::string& statePath, const FileModes& modes) {
  if (statePath == ":memory:") return;
  path_ = statePath + ".lock";
  createFolders(Poco::Path(path_).makeAbsolute().parent().toString(), modes);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, modes.file);
  if (fd_ < 0) {
    throw StoreError(path_ + ": cannot create the lock file: " + std::strerror(errno) +
                     ": check that the state folder is writable");
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char buffer[32] = {};
    ssize_t size = ::pread(fd_, buffer, sizeof(buffer) - 1, 0);
    std::string pid = size > 0 ? Poco::trim(std::string(buffer, static_cast<size_t>(size))) : "";
    ::close(fd_);
    fd_ = -1;
    throw TemporaryError(path_ + ": another racesync run (process " +
                         (pid.empty() ? std::string("unknown") : pid) +
                         ") is working on this state: wait for it to finish, then run again");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
    // The lock holds without the pid; only the message to a second run gets poorer.
  }
}

RunLock::~RunLock() {
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

}  // namespace racesync
