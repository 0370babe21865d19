// Sheets of labels: the page and where each label sits on it, by name (a4-3x8, a4-2x7,
// letter-3x10, roll-62mm), with the print.* settings that move margins, gaps and label size.
// Pure functions; every length is in millimetres.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/labels/box.h"
#include "core/labels/print_keys.h"

namespace racesync {

struct SheetFormat {
  std::string name;
  double pageWidth = 0;
  double pageHeight = 0;
  int columns = 1;
  int rows = 1;
  double labelWidth = 0;
  double labelHeight = 0;
  double topMargin = 0;   // page edge to the first row
  double leftMargin = 0;  // page edge to the first column
  double columnGap = 0;   // between two labels side by side
  double rowGap = 0;      // between two labels one above the other
  // A roll for label printers: one label per page, the page as large as the label and its
  // margins, so a changed label size changes the page too.
  bool roll = false;
  // Kept blank inside each label's edge: sheets shift a little in printers, and label printers
  // cannot print to the edge of the tape.
  double padding = 1.5;

  int labelsPerPage() const { return columns * rows; }
};

// The print.* settings that adjust a format; those left unset keep the format's value.
struct SheetAdjustments {
  std::optional<double> topMargin;
  std::optional<double> leftMargin;
  std::optional<double> columnGap;
  std::optional<double> rowGap;
  std::optional<double> labelWidth;
  std::optional<double> labelHeight;
  std::optional<double> padding;
};

// The names sheetFormat() knows, in the order the help lists them.
const std::vector<std::string>& sheetFormatNames();

// The format called `name` (any case, surrounding blanks ignored). Throws ConfigurationError
// naming print.format and the known names otherwise.
SheetFormat sheetFormat(const std::string& name);

// `format` with `adjustments` applied, checked with checkSheetFormat.
SheetFormat adjustSheetFormat(SheetFormat format, const SheetAdjustments& adjustments);

// Throws ConfigurationError, naming the print.* key to change, when a length is negative or not a
// number, a label is smaller than 20 mm a side, the padding takes more than a fifth of a label's
// width or height, or the labels do not fit on the page.
void checkSheetFormat(const SheetFormat& format);

// The labels of one page, row by row and left to right within a row.
std::vector<Box> labelBoxes(const SheetFormat& format);

// The page itself, as a box at the origin.
Box pageBox(const SheetFormat& format);

}  // namespace racesync
