// Where the parts of one label go: the QR code with the key below it, and the bib, the name and
// the race beside it (wide labels) or below it (tall labels). A pure function of the label's size.
#pragma once

#include "core/labels/box.h"

namespace racesync {

enum class TextAlign { kStart, kCenter };

struct LabelLayout {
  Box qr;                               // a square, the quiet zone included
  Box key;                              // the key, under the code
  Box bib;                              // the bib in large type
  Box name;                             // the registrant's name
  Box race;                             // the race's name
  TextAlign align = TextAlign::kStart;  // of bib, name and race in their boxes
};

// The layout of a `width` x `height` mm label that keeps `padding` mm blank inside its edges.
// Boxes are relative to the label's top-left corner, inside the padding, and do not overlap.
LabelLayout layoutLabel(double width, double height, double padding);

}  // namespace racesync
