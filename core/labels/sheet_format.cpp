#include "core/labels/sheet_format.h"

#include <Poco/String.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/base/errors.h"

namespace racesync {
namespace {

constexpr double kMmPerInch = 25.4;
constexpr double kSmallestLabel = 20;

// The formats by name. Lengths from the label makers' templates:
// - a4-3x8: 24 labels of 70 x 37 mm, no gaps, 0.5 mm above and below (e.g. Avery 3474/L7160-style
//   24-up sheets of that size);
// - a4-2x7: Avery L7163, 99.1 x 38.1 mm, 15.15 mm top, 4.65 mm sides, 2.5 mm between columns;
// - letter-3x10: Avery 5160, 2 5/8 x 1 in, 1/2 in top, 3/16 in sides, 1/8 in between columns;
// - roll-62mm: 62 x 100 mm, one per page (Brother DK-11202, or the 62 mm continuous roll cut at
//   100 mm): room for a QR code of about 45 mm that phones read from arm's length, the bib in large
//   type and a long name on two lines; 62 x 29 mm (DK-11209) would leave a 20 mm code beside
//   cramped text. 3 mm padding: Brother QL printers print 58 mm of the 62 mm tape.
std::vector<SheetFormat> knownFormats() {
  std::vector<SheetFormat> formats;
  formats.push_back({"a4-3x8", 210, 297, 3, 8, 70, 37, 0.5, 0, 0, 0, false, 1.5});
  formats.push_back({"a4-2x7", 210, 297, 2, 7, 99.1, 38.1, 15.15, 4.65, 2.5, 0, false, 1.5});
  formats.push_back({"letter-3x10", 8.5 * kMmPerInch, 11 * kMmPerInch, 3, 10, 2.625 * kMmPerInch,
                     1 * kMmPerInch, 0.5 * kMmPerInch, 0.1875 * kMmPerInch, 0.125 * kMmPerInch, 0,
                     false, 1.5});
  formats.push_back({"roll-62mm", 62, 100, 1, 1, 62, 100, 0, 0, 0, 0, true, 3});
  return formats;
}

// A length as people write it: "70", "66.675", "0.5".
std::string mm(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", value);
  std::string shown = text;
  while (shown.back() == '0') shown.pop_back();
  if (shown.back() == '.') shown.pop_back();
  return shown;
}

void checkLength(double value, const char* key) {
  if (!std::isfinite(value)) {
    throw ConfigurationError(std::string(key) + ": '" + mm(value) +
                             "' is not a length: use a number of millimetres");
  }
  if (value < 0) {
    throw ConfigurationError(std::string(key) + ": " + mm(value) +
                             " mm is negative: use 0 or more");
  }
}

void checkLabelSide(double value, const char* key) {
  checkLength(value, key);
  if (value < kSmallestLabel) {
    throw ConfigurationError(std::string(key) + ": " + mm(value) +
                             " mm is too small for a label with a QR code: use " +
                             mm(kSmallestLabel) + " mm or more");
  }
}

// Throws when the labels of a row (`across`) or of a column, with their gaps and the margin
// before them, pass the page's edge.
void checkFits(const SheetFormat& format, bool across) {
  const int count = across ? format.columns : format.rows;
  const double label = across ? format.labelWidth : format.labelHeight;
  const double gap = across ? format.columnGap : format.rowGap;
  const double margin = across ? format.leftMargin : format.topMargin;
  const double page = across ? format.pageWidth : format.pageHeight;
  const double end = margin + count * label + (count - 1) * gap;
  if (end <= page + 1e-6) return;
  throw ConfigurationError(
      std::string(across ? print_key::kLabelWidth : print_key::kLabelHeight) + ": " +
      std::to_string(count) + " labels of " + mm(label) + " mm with gaps of " + mm(gap) + " mm (" +
      (across ? print_key::kColumnGap : print_key::kRowGap) + ") after a margin of " + mm(margin) +
      " mm (" + (across ? print_key::kLeftMargin : print_key::kTopMargin) + ") end at " + mm(end) +
      " mm, past the " + mm(page) + " mm " + (across ? "wide" : "high") + " page of " +
      format.name + ": make the labels, the gaps or the margin smaller");
}

}  // namespace

const std::vector<std::string>& sheetFormatNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const SheetFormat& format : knownFormats()) all.push_back(format.name);
    return all;
  }();
  return names;
}

SheetFormat sheetFormat(const std::string& name) {
  const std::string wanted = Poco::toLower(Poco::trim(name));
  for (const SheetFormat& format : knownFormats()) {
    if (format.name == wanted) return format;
  }
  std::string known;
  const std::vector<std::string>& names = sheetFormatNames();
  for (size_t i = 0; i < names.size(); ++i) {
    known += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  }
  throw ConfigurationError(std::string(print_key::kFormat) + ": '" + name +
                           "' is not a label sheet format: use " + known);
}

SheetFormat adjustSheetFormat(SheetFormat format, const SheetAdjustments& adjustments) {
  format.topMargin = adjustments.topMargin.value_or(format.topMargin);
  format.leftMargin = adjustments.leftMargin.value_or(format.leftMargin);
  format.columnGap = adjustments.columnGap.value_or(format.columnGap);
  format.rowGap = adjustments.rowGap.value_or(format.rowGap);
  format.labelWidth = adjustments.labelWidth.value_or(format.labelWidth);
  format.labelHeight = adjustments.labelHeight.value_or(format.labelHeight);
  format.padding = adjustments.padding.value_or(format.padding);
  if (format.roll) {
    format.pageWidth = format.labelWidth + 2 * format.leftMargin;
    format.pageHeight = format.labelHeight + 2 * format.topMargin;
  }
  checkSheetFormat(format);
  return format;
}

void checkSheetFormat(const SheetFormat& format) {
  checkLength(format.topMargin, print_key::kTopMargin);
  checkLength(format.leftMargin, print_key::kLeftMargin);
  checkLength(format.columnGap, print_key::kColumnGap);
  checkLength(format.rowGap, print_key::kRowGap);
  checkLabelSide(format.labelWidth, print_key::kLabelWidth);
  checkLabelSide(format.labelHeight, print_key::kLabelHeight);
  checkLength(format.padding, print_key::kPadding);
  const double smallerSide = std::min(format.labelWidth, format.labelHeight);
  if (format.padding > smallerSide / 5) {
    throw ConfigurationError(std::string(print_key::kPadding) + ": " + mm(format.padding) +
                             " mm leaves too little of a " + mm(format.labelWidth) + " x " +
                             mm(format.labelHeight) + " mm label: use at most " +
                             mm(smallerSide / 5) + " mm");
  }
  checkFits(format, true);
  checkFits(format, false);
}

std::vector<Box> labelBoxes(const SheetFormat& format) {
  std::vector<Box> boxes;
  boxes.reserve(static_cast<size_t>(format.labelsPerPage()));
  for (int row = 0; row < format.rows; ++row) {
    for (int column = 0; column < format.columns; ++column) {
      boxes.push_back({format.leftMargin + column * (format.labelWidth + format.columnGap),
                       format.topMargin + row * (format.labelHeight + format.rowGap),
                       format.labelWidth, format.labelHeight});
    }
  }
  return boxes;
}

Box pageBox(const SheetFormat& format) { return {0, 0, format.pageWidth, format.pageHeight}; }

}  // namespace racesync
