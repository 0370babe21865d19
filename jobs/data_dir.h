// Where racesync finds the data it comes with (templates/, samples/): the folder
// <prefix>/share/racesync beside the <prefix>/bin that holds the executable, installed and in the
// build tree alike. No path is compiled in but that relative step, so a package can go anywhere.
#pragma once

#include <string>

namespace racesync {

class DataDir {
 public:
  // `root` is where the data folder belongs ("" when unknown); it need not exist.
  explicit DataDir(std::string root);

  // The data folder of the running executable: the folder of /proc/self/exe (symbolic links
  // followed) joined with RACESYNC_DATA_FROM_BIN. Never throws: "" when /proc is not there.
  static DataDir ofThisProgram();

  const std::string& root() const { return root_; }
  // The bundled templates folder, for Settings; "" when the data folder does not exist (a binary
  // copied somewhere on its own), so that Settings asks for templates.dir.
  std::string templates() const;
  // The bundled samples folder. Throws ConfigurationError naming it when it is missing.
  std::string samples() const;

 private:
  std::string root_;
};

}  // namespace racesync
