// How a label looks, apart from its size: the QR code's error correction and quiet zone, the fonts
// and the smallest size a text shrinks to before it wraps.
#pragma once

#include <string>

#include "core/links/qr_renderer.h"

namespace racesync {

struct LabelStyle {
  QrErrorCorrection errorCorrection = QrErrorCorrection::kMedium;  // print.error_correction
  int quietZone = 4;  // print.quiet_zone: white modules around the code (ISO/IEC 18004: 4)
  // Pango font families. Noto Sans covers Latin, Greek and Cyrillic; fontconfig falls back to the
  // other Noto families (Arabic, Hebrew, Devanagari, CJK, ...) for the rest.
  std::string font = "Noto Sans";
  // The key: monospaced, so people who type it see each character apart (0 and O, 1 and l).
  std::string keyFont = "Noto Sans Mono";
  // print.min_text_pt: a name below this size wraps to two lines instead of shrinking further.
  double minTextPt = 6;
};

// Throws ConfigurationError naming the print.* key when the quiet zone is outside 0..16 modules or
// the smallest text size outside 4..24 pt.
void checkLabelStyle(const LabelStyle& style);

}  // namespace racesync
