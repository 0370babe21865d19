#include "core/labels/label_layout.h"

#include <algorithm>

namespace racesync {
namespace {

// Shares of the text area's height: the bib is read from afar, the race only checked.
constexpr double kBibShare = 0.42;
constexpr double kNameShare = 0.36;
constexpr double kRaceShare = 0.22;
// Between the code's quiet zone and the text column.
constexpr double kColumnGap = 0.5;

// Bib, name and race stacked in `area`, top to bottom.
void stackTexts(const Box& area, LabelLayout& layout) {
  const double bibHeight = area.height * kBibShare;
  const double nameHeight = area.height * kNameShare;
  layout.bib = {area.x, area.y, area.width, bibHeight};
  layout.name = {area.x, area.y + bibHeight, area.width, nameHeight};
  layout.race = {area.x, layout.name.bottom(), area.width, area.height * kRaceShare};
}

// A wide label (sheets, and short roll labels): code and key on the left, texts on the right.
LabelLayout sideBySide(const Box& inner) {
  LabelLayout layout;
  const double keyHeight = std::clamp(inner.height * 0.12, 2.8, 4.5);
  const double side = std::min(inner.height - keyHeight, inner.width * 0.5);
  layout.qr = {inner.x, inner.y, side, side};
  layout.key = {inner.x, inner.y + side, side, keyHeight};
  const double textX = inner.x + side + kColumnGap;
  stackTexts({textX, inner.y, inner.right() - textX, inner.height}, layout);
  layout.align = TextAlign::kStart;
  return layout;
}

// A tall label (a roll): the code across the top, key, bib, name and race below, centred.
LabelLayout stacked(const Box& inner) {
  LabelLayout layout;
  const double keyHeight = std::clamp(inner.height * 0.06, 2.8, 5.0);
  const double side = std::min(inner.width, inner.height * 0.55);
  const double qrX = inner.x + (inner.width - side) / 2;
  layout.qr = {qrX, inner.y, side, side};
  layout.key = {qrX, inner.y + side, side, keyHeight};
  const double textY = layout.key.bottom();
  stackTexts({inner.x, textY, inner.width, inner.bottom() - textY}, layout);
  layout.align = TextAlign::kCenter;
  return layout;
}

}  // namespace

LabelLayout layoutLabel(double width, double height, double padding) {
  const Box inner{padding, padding, width - 2 * padding, height - 2 * padding};
  return height > width ? stacked(inner) : sideBySide(inner);
}

}  // namespace racesync
