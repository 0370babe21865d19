// Rendering many QR codes to files on a few threads: each worker renders a link and writes its
// PNG atomically (temporary file + rename). Nothing else is shared, so the caller keeps every
// store write on its own thread.
#pragma once

#include <string>
#include <vector>

#include "core/base/file_modes.h"

#include "core/links/qr_renderer.h"

namespace racesync {

struct QrJob {
  std::string text;  // what the code encodes
  std::string path;  // absolute file path of the PNG
};

struct QrJobResult {
  bool written = false;
  std::string error;  // why not, when not
};

// Renders and writes every job with `threads` workers (1 renders on the calling thread) and
// returns one result per job, in job order. A job that fails (a text too long, a file that cannot
// be written) is reported in its result; the others go on. Files and new folders get `modes`.
std::vector<QrJobResult> renderQrFiles(const std::vector<QrJob>& jobs, const QrOptions& options,
                                       int threads, const FileModes& modes = FileModes{});

}  // namespace racesync
