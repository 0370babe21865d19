// A QR code as its grid of modules, for drawing it as vector shapes: the same encoding as
// renderQrPng (8-bit mode, smallest version that fits), without the pixels. Pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/links/qr_renderer.h"

namespace racesync {

struct QrMatrix {
  int size = 0;                     // modules per side, without the quiet zone
  std::vector<unsigned char> dark;  // size * size, row by row: 1 for a dark module

  bool isDark(int x, int y) const { return dark[static_cast<size_t>(y) * size + x] != 0; }
};

// A horizontal run of dark modules: `length` modules from column `x` of row `y`.
struct ModuleRun {
  int x = 0;
  int y = 0;
  int length = 0;
};

// Encodes `text`. Throws InputError starting with `place` when it does not fit in a QR code,
// RacesyncError when libqrencode fails otherwise (out of memory).
QrMatrix encodeQrMatrix(const std::string& text, QrErrorCorrection level, const std::string& place);

// The dark modules as maximal horizontal runs, row by row: one rectangle each when drawn, far
// fewer than one per module, and no seams between the modules of a run.
std::vector<ModuleRun> darkRuns(const QrMatrix& matrix);

}  // namespace racesync
