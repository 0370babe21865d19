#include "core/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Path.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "core/base/errors.h"

namespace racesync {
namespace {

std::string temporaryName(const std::string& path) {
  // Unique per process and call, so that threads writing different files never share one.
  static std::atomic<unsigned long> counter{0};
  return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

StoreError writeError(const std::string& path, const std::string& what) {
  return StoreError(path + ": cannot " + what + ": " + std::strerror(errno) +
                    ": check that the folder exists and is writable");
}

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& bytes, bool durable,
                         const FileModes& modes) {
  createFolders(Poco::Path(path).parent().toString(), modes);
  const std::string temporary = temporaryName(path);
  // Exclusive, so that nobody else's file (or link) is ever written through; a leftover of a
  // crashed run that had this process id goes first.
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  int fd = ::open(temporary.c_str(), flags, modes.file);
  if (fd < 0 && errno == EEXIST && ::unlink(temporary.c_str()) == 0) {
    fd = ::open(temporary.c_str(), flags, modes.file);
  }
  if (fd < 0) throw writeError(path, "create a temporary file");
  // open() honours the umask; the mode asked for is the mode meant.
  if (::fchmod(fd, modes.file) != 0) {
    StoreError error = writeError(path, "set the mode of");
    ::close(fd);
    ::unlink(temporary.c_str());
    throw error;
  }
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      StoreError error = writeError(path, "write");
      ::close(fd);
      ::unlink(temporary.c_str());
      throw error;
    }
    written += static_cast<size_t>(n);
  }
  if ((durable && ::fsync(fd) != 0) || ::close(fd) != 0) {
    StoreError error = writeError(path, "write");
    ::unlink(temporary.c_str());
    throw error;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    StoreError error = writeError(path, "replace");
    ::unlink(temporary.c_str());
    throw error;
  }
}

bool readWholeFile(const std::string& path, std::string& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return false;
  bytes = content.str();
  return true;
}

namespace {

// Whether the file at `path` holds exactly `bytes`, read in chunks: the racemap step compares
// files of tens of megabytes, which a whole second copy would add to its peak memory.
bool holdsExactly(const std::string& path, const std::string& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::vector<char> chunk(1 << 16);
  std::size_t at = 0;
  while (at < bytes.size()) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0 || bytes.compare(at, got, chunk.data(), got) != 0) return false;
    at += got;
  }
  return in.peek() == std::ifstream::traits_type::eof();
}

}  // namespace

bool writeFileIfChanged(const std::string& path, const std::string& bytes, bool durable,
                        const FileModes& modes) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && static_cast<size_t>(info.st_size) == bytes.size()) {
    if (holdsExactly(path, bytes)) {
      applyMode(path, modes);
      return false;
    }
  }
  writeFileAtomically(path, bytes, durable, modes);
  return true;
}

}  // namespace racesync
