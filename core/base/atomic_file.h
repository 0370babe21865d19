// Writing an output file so that a reader (or a crash) never sees half of it: the bytes go to a
// temporary file in the same folder, which is then renamed over the target.
#pragma once

#include <string>

namespace racesync {

// Replaces the file at `path` with `bytes` atomically (temporary file beside it, then rename),
// creating missing parent folders. `durable` also flushes the data to disk before the rename.
// Throws StoreError naming the path when the folder cannot be created or the file written.
void writeFileAtomically(const std::string& path, const std::string& bytes, bool durable = false);

// Like writeFileAtomically, but leaves the file alone (same inode, same mtime) when it already
// holds exactly `bytes`. Returns true when the file was written.
bool writeFileIfChanged(const std::string& path, const std::string& bytes, bool durable = false);

// Reads the file at `path` into `bytes`; returns false when it does not exist or cannot be read.
bool readWholeFile(const std::string& path, std::string& bytes);

}  // namespace racesync
