// Drawing one label on a cairo context: the QR code as vector shapes (each run of dark modules a
// line one module thick, all in one path stroked once, so no seams show), the texts through pango
// at the sizes that fit.
#pragma once

#include <string>
#include <vector>

#include "core/labels/box.h"
#include "core/labels/label_data.h"
#include "core/labels/label_layout.h"
#include "core/labels/label_style.h"

typedef struct _cairo cairo_t;

namespace racesync {

class TextFitter;

// Points per millimetre: cairo's PDF surfaces measure in points (1/72 in).
inline constexpr double kPointsPerMm = 72 / 25.4;

// Draws `label` into `at` (mm on the page) following `layout`. Returns what went wrong with this
// label as data, one message each ("label R7 (bib 12): ..."): a link that does not fit in a QR
// code, a text that does not fit even at 2 pt (both are left out rather than drawn cut), characters
// no installed font has. Throws nothing else of its own.
std::vector<std::string> paintLabel(cairo_t* cr, const Box& at, const LabelLayout& layout,
                                    const LabelData& label, const LabelStyle& style,
                                    const TextFitter& fitter);

}  // namespace racesync
