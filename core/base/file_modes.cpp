#include "core/base/file_modes.h"

#include <sys/stat.h>
#include <unistd.h>

#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/base/errors.h"

namespace racesync {

namespace {

std::string octal(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode);
  return text;
}

}  // namespace

bool FileModes::parse(const std::string& text, FileModes& out) {
  const std::string word = Poco::toLower(Poco::trim(text));
  if (word == "private" || word.empty()) {
    out = FileModes{0600, 0700};
    return true;
  }
  if (word == "group") {
    out = FileModes{0640, 0750};
    return true;
  }
  unsigned mode = 0;
  if (word.size() < 3 || word.size() > 4 ||
      word.find_first_not_of("01234567") != std::string::npos ||
      !Poco::NumberParser::tryParseOct(word, mode) || mode > 0666 || (mode & 0600) != 0600 ||
      (mode & 0002) != 0) {
    return false;
  }
  // A folder can be entered by whoever may read the files in it.
  out = FileModes{mode, mode | ((mode & 0444) >> 2)};
  return true;
}

void createFolders(const std::string& folder, const FileModes& modes) {
  if (folder.empty()) return;
  Poco::Path path(folder);
  path.makeDirectory();
  std::string current = path.isAbsolute() ? "/" : "";
  for (int i = 0; i < path.depth(); ++i) {
    current += path[i] + "/";
    if (::mkdir(current.c_str(), modes.folder) == 0) {
      // mkdir honours the umask; the mode asked for is the mode meant.
      ::chmod(current.c_str(), modes.folder);
    } else if (errno != EEXIST) {
      throw StoreError(folder + ": cannot create the folder " + current + ": " +
                       std::strerror(errno) + ": check the path and its permissions");
    }
  }
}

void applyMode(const std::string& path, const FileModes& modes, bool isFolder) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || info.st_uid != ::geteuid()) return;
  const unsigned mode = isFolder ? modes.folder : modes.file;
  if ((info.st_mode & 07777) == mode) return;
  if (::chmod(path.c_str(), mode) != 0) {
    throw StoreError(path + ": cannot set its mode to " + octal(mode) + ": " +
                     std::strerror(errno) + ": check who owns it");
  }
}

}  // namespace racesync
