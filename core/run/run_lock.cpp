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

namespace {

// The process id in the lock file held through `fd`, or "" when it holds none. The holder may
// have taken the lock a moment ago and not written its id yet: read again for up to ~0.5 s.
std::string holderOf(int fd) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    char buffer[32] = {};
    ssize_t size = ::pread(fd, buffer, sizeof(buffer) - 1, 0);
    std::string text = size > 0 ? Poco::trim(std::string(buffer, static_cast<size_t>(size))) : "";
    bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    if (digits) return text;
    ::usleep(10000);
  }
  return "";
}

}  // namespace

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
    std::string pid = holderOf(fd_);
    ::close(fd_);
    fd_ = -1;
    throw TemporaryError(path_ + ": another racesync run (process " +
                         (pid.empty() ? std::string("unknown") : pid) +
                         ") is working on this state: wait for it to finish, then run again");
  }
  // Written over what is there, then cut to length: the file is never empty while we hold it
  // (truncating first left a window in which a second run read nothing and said "unknown").
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()) ||
      ::ftruncate(fd_, static_cast<off_t>(pid.size())) != 0) {
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
