// Writing an output file so that a reader (or a crash) never sees half of it: the bytes go to a
// temporary file in the same folder, which is then renamed over the target.
#pragma once

#include <string>

#include "core/base/file_modes.h"

namespace racesync {

// Replaces the file at `path` with `bytes` atomically (temporary file beside it, then rename),
// creating missing parent folders. `durable` also flushes the data to disk before the rename.
// The file gets modes.file and new folders modes.folder, whatever the umask (file_modes.h).
// Throws StoreError naming the path when the folder cannot be created or the file written.
void writeFileAtomically(const std::string& path, const std::string& bytes, bool durable = false,
                         const FileModes& modes = FileModes{});

// Like writeFileAtomically, but leaves the file's content alone (same inode, same mtime) when it
// already holds exactly `bytes`; only its mode is set. Returns true when the file was written.
bool writeFileIfChanged(const std::string& path, const std::string& bytes, bool durable = false,
                        const FileModes& modes = FileModes{});

// Reads the file at `path` into `bytes`; returns false when it does not exist or cannot be read.
bool readWholeFile(const std::string& path, std::string& bytes);

}  // namespace racesync
