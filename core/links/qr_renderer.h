// QR rendering: a text (a redeem link) in, the bytes of a 1-bit grayscale PNG out.
// A pure function: identical text and options give byte-identical PNGs (no time or text chunks).
#pragma once

#include <string>

namespace racesync {

enum class QrErrorCorrection { kLow, kMedium, kQuartile, kHigh };

struct QrOptions {
  QrErrorCorrection errorCorrection = QrErrorCorrection::kMedium;
  int modulePx = 8;   // pixels per module, each side
  int quietZone = 4;  // white modules around the code, each side
};

// Parses "L", "M", "Q" or "H" (any case). Throws ConfigurationError naming `key` otherwise.
QrErrorCorrection parseQrErrorCorrection(const std::string& value, const std::string& key);

// Encodes `text` (bytes, 8-bit mode, smallest version that fits) and returns the PNG file's bytes:
// bit depth 1, gray, black modules on white, `quietZone` modules of margin. Throws InputError when
// the text does not fit in a QR code, ConfigurationError for modulePx outside 1..64 or quietZone
// outside 0..64, RacesyncError when libqrencode or libpng fail (out of memory).
std::string renderQrPng(const std::string& text, const QrOptions& options = {});

}  // namespace racesync
