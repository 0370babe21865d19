// Who may read what racesync writes. The state store, links.csv, the report, the QR codes, the
// labels and the mails hold personal data: they are private to the user racesync runs as (files
// 0600, folders 0700) unless `out.mode` says otherwise. Every file and folder racesync creates
// gets its mode here, whatever the umask.
#pragma once

#include <string>

namespace racesync {

struct FileModes {
  unsigned file = 0600;
  unsigned folder = 0700;

  // `private` (0600/0700; also ""), `group` (0640/0750) or an octal file mode such as `0644` that
  // the owner may read and write and nobody else may write (folders get an x beside every r).
  // Returns false, leaving `out` alone, for anything else.
  static bool parse(const std::string& text, FileModes& out);
};

// Creates `folder` and its missing parents, each new one with modes.folder. Throws StoreError
// naming the folder when one cannot be created.
void createFolders(const std::string& folder, const FileModes& modes);

// Sets `path` (a file or, with `isFolder`, a folder) to its mode when it exists and is this
// user's; leaves another user's file alone (it is theirs to protect). Throws StoreError naming
// the path when the mode cannot be set on one of ours.
void applyMode(const std::string& path, const FileModes& modes, bool isFolder = false);

}  // namespace racesync
