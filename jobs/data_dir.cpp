#include "jobs/data_dir.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <unistd.h>

#include <vector>

#include "core/base/errors.h"

namespace racesync {

namespace {

// The executable's own path, as the kernel knows it ("" when /proc is not mounted).
std::string executablePath() {
  std::vector<char> buffer(4096);
  ssize_t length = readlink("/proc/self/exe", buffer.data(), buffer.size());
  if (length <= 0 || static_cast<size_t>(length) >= buffer.size()) return "";
  return std::string(buffer.data(), static_cast<size_t>(length));
}

bool isFolder(const std::string& path) {
  Poco::File file(path);
  return file.exists() && file.isDirectory();
}

}  // namespace

DataDir::DataDir(std::string root) : root_(std::move(root)) {}

DataDir DataDir::ofThisProgram() {
  std::string exe = executablePath();
  if (exe.empty()) return DataDir("");
  // resolve() folds the ".." of the relative step; the kernel's path has no symbolic link left.
  Poco::Path folder = Poco::Path(exe).parent();
  folder.resolve(Poco::Path(std::string(RACESYNC_DATA_FROM_BIN) + "/", Poco::Path::PATH_UNIX));
  std::string root = folder.toString(Poco::Path::PATH_UNIX);
  if (!root.empty() && root.back() == '/') root.pop_back();
  return DataDir(root);
}

std::string DataDir::templates() const {
  return !root_.empty() && isFolder(root_) ? root_ + "/templates" : "";
}

std::string DataDir::samples() const {
  std::string folder = root_ + "/samples";
  if (root_.empty() || !isFolder(folder)) {
    throw ConfigurationError((root_.empty() ? std::string("share/racesync/samples") : folder) +
                             ": the samples that come with racesync are missing: reinstall "
                             "racesync (they belong in share/racesync/ beside its bin/)");
  }
  return folder;
}

}  // namespace racesync
