#include "jobs/state_copy.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/File.h>
#include <Poco/Path.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "core/base/errors.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

constexpr const char* kSuffixes[] = {"", "-wal", "-shm", "-journal"};
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

// What the signal handler removes: fixed buffers filled before it is armed, so that it needs
// nothing but unlink, rmdir and raise (all async-signal-safe). One copy at a time is armed.
struct Armed {
  char files[4][PATH_MAX + 16];
  char folder[PATH_MAX];
  struct sigaction previous[3];
  volatile sig_atomic_t active;
};
Armed armed;

void removeArmed() {
  for (const char* file : armed.files) ::unlink(file);
  ::rmdir(armed.folder);
}

extern "C" void onStopSignal(int signal) {
  if (armed.active) removeArmed();
  armed.active = 0;
  // Die of the signal as the run would have without the copy.
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

bool fits(const std::string& text, std::size_t size) { return text.size() + 1 <= size; }

void arm(const std::string& folder, const std::string& path) {
  if (armed.active || !fits(folder, sizeof armed.folder) ||
      !fits(path + "-journal", sizeof armed.files[0])) {
    return;  // the destructor still removes it on every other way out
  }
  for (std::size_t i = 0; i < 4; ++i) {
    std::strcpy(armed.files[i], (path + kSuffixes[i]).c_str());
  }
  std::strcpy(armed.folder, folder.c_str());
  armed.active = 1;
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < 3; ++i) ::sigaction(kSignals[i], &action, &armed.previous[i]);
}

void disarm(const std::string& folder) {
  if (!armed.active || folder != armed.folder) return;
  for (std::size_t i = 0; i < 3; ++i) ::sigaction(kSignals[i], &armed.previous[i], nullptr);
  armed.active = 0;
}

std::string makePrivateFolder(const std::string& tempRoot) {
  std::string root = tempRoot.empty() ? Poco::Path::temp() : tempRoot;
  if (!root.empty() && root.back() != '/') root += '/';
  std::vector<char> name(root.begin(), root.end());
  const std::string stem = "racesync-dry-run-XXXXXX";
  name.insert(name.end(), stem.begin(), stem.end());
  name.push_back('\0');
  // mkdtemp: a fresh name, created exclusively, mode 0700.
  if (::mkdtemp(name.data()) == nullptr) {
    throw StoreError(root +
                     ": cannot create a private folder for the dry run's copy of the "
                     "state: " +
                     std::strerror(errno) + ": set TMPDIR to a folder you may write");
  }
  return name.data();
}

}  // namespace

StateCopy::StateCopy(const std::string& statePath, const FileModes& modes,
                     const std::string& tempRoot)
    : folder_(makePrivateFolder(tempRoot)), path_(folder_ + "/state.db") {
  arm(folder_, path_);
  try {
    // Exclusive and 0600 before SQLite writes a byte into it (VACUUM INTO takes an empty file).
    const int fd =
        ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || ::close(fd) != 0) {
      throw StoreError(path_ +
                       ": cannot create the dry run's copy of the state: " + std::strerror(errno));
    }
    if (statePath != ":memory:" && Poco::File(statePath).exists()) {
      StateStore(statePath, modes).copyTo(path_);
    }
  } catch (...) {
    remove();
    disarm(folder_);
    throw;
  }
}

StateCopy::~StateCopy() {
  remove();
  disarm(folder_);
}

void StateCopy::remove() const {
  for (const char* suffix : kSuffixes) ::unlink((path_ + suffix).c_str());
  ::rmdir(folder_.c_str());
}

}  // namespace racesync
