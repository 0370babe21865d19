#include "core/labels/sheet_format.h"

#include <boost/test/unit_test.hpp>

#include <limits>

#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::adjustSheetFormat;
using racesync::Box;
using racesync::ConfigurationError;
using racesync::labelBoxes;
using racesync::pageBox;
using racesync::SheetAdjustments;
using racesync::SheetFormat;
using racesync::sheetFormat;
using racesync::sheetFormatNames;
namespace test = racesync::test;
namespace tt = boost::test_tools;

namespace {

// Every label of the page inside the page, no two sharing any area.
void checkSheet(const SheetFormat& format) {
  const std::vector<Box> boxes = labelBoxes(format);
  BOOST_TEST(boxes.size() == static_cast<size_t>(format.labelsPerPage()));
  for (size_t i = 0; i < boxes.size(); ++i) {
    BOOST_TEST(contains(pageBox(format), boxes[i]), format.name << " label " << i);
    BOOST_TEST(boxes[i].width == format.labelWidth);
    BOOST_TEST(boxes[i].height == format.labelHeight);
    for (size_t j = i + 1; j < boxes.size(); ++j) {
      BOOST_TEST(!overlaps(boxes[i], boxes[j]), format.name << " labels " << i << " and " << j);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sheet_format_test)

BOOST_AUTO_TEST_CASE(knows_the_four_formats_by_name) {
  BOOST_TEST(sheetFormatNames() ==
                 (std::vector<std::string>{"a4-3x8", "a4-2x7", "letter-3x10", "roll-62mm"}),
             tt::per_element());
  BOOST_TEST(sheetFormat(" A4-3X8 ").name == "a4-3x8");
}

BOOST_AUTO_TEST_CASE(lays_out_every_format_inside_the_page_without_overlap) {
  const std::vector<int> perPage = {24, 14, 30, 1};
  for (size_t i = 0; i < sheetFormatNames().size(); ++i) {
    const SheetFormat format = sheetFormat(sheetFormatNames()[i]);
    BOOST_TEST(format.labelsPerPage() == perPage[i], format.name);
    checkSheet(format);
  }
}

BOOST_AUTO_TEST_CASE(a4_3x8_is_24_labels_of_70_by_37_mm_without_gaps) {
  const SheetFormat format = sheetFormat("a4-3x8");
  const std::vector<Box> boxes = labelBoxes(format);
  BOOST_TEST(format.pageWidth == 210);
  BOOST_TEST(format.pageHeight == 297);
  BOOST_TEST(boxes[0].x == 0);
  BOOST_TEST(boxes[0].y == 0.5);
  BOOST_TEST(boxes[1].x == 70);    // the second label of the first row
  BOOST_TEST(boxes[3].y == 37.5);  // the first of the second row
  BOOST_TEST(boxes[23].right() == 210);
  BOOST_TEST(boxes[23].bottom() == 296.5);
}

BOOST_AUTO_TEST_CASE(letter_3x10_has_the_avery_5160_geometry) {
  const SheetFormat format = sheetFormat("letter-3x10");
  const std::vector<Box> boxes = labelBoxes(format);
  BOOST_TEST(format.pageWidth == 215.9, tt::tolerance(1e-9));
  BOOST_TEST(format.pageHeight == 279.4, tt::tolerance(1e-9));
  BOOST_TEST(boxes[0].width == 66.675, tt::tolerance(1e-9));  // 2 5/8 in
  BOOST_TEST(boxes[0].height == 25.4, tt::tolerance(1e-9));   // 1 in
  BOOST_TEST(boxes[0].x == 4.7625, tt::tolerance(1e-9));      // 3/16 in
  BOOST_TEST(boxes[0].y == 12.7, tt::tolerance(1e-9));        // 1/2 in
  BOOST_TEST(boxes[1].x == 74.6125, tt::tolerance(1e-9));     // + 1/8 in gap
  BOOST_TEST(boxes[29].right() == 215.9 - 4.7625, tt::tolerance(1e-9));
  BOOST_TEST(boxes[29].bottom() == 279.4 - 12.7, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a4_2x7_has_the_avery_l7163_geometry) {
  const std::vector<Box> boxes = labelBoxes(sheetFormat("a4-2x7"));
  BOOST_TEST(boxes[0].width == 99.1, tt::tolerance(1e-9));
  BOOST_TEST(boxes[0].height == 38.1, tt::tolerance(1e-9));
  BOOST_TEST(boxes[1].x - boxes[0].x == 101.6, tt::tolerance(1e-9));
  BOOST_TEST(boxes[13].right() == 210 - 4.65, tt::tolerance(1e-9));
  BOOST_TEST(boxes[13].bottom() == 297 - 15.15, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(roll_62mm_is_one_label_per_page_as_large_as_the_page) {
  const SheetFormat format = sheetFormat("roll-62mm");
  BOOST_TEST(format.roll);
  BOOST_TEST(format.pageWidth == 62);
  BOOST_TEST(format.pageHeight == 100);
  BOOST_TEST(labelBoxes(format)[0].width == 62);
  BOOST_TEST(labelBoxes(format)[0].height == 100);
}

BOOST_AUTO_TEST_CASE(applies_margin_gap_and_size_adjustments) {
  SheetAdjustments adjustments;
  adjustments.topMargin = 10;
  adjustments.leftMargin = 5;
  adjustments.columnGap = 2;
  adjustments.rowGap = 1;
  adjustments.labelWidth = 64;
  adjustments.labelHeight = 33.9;
  adjustments.padding = 2;
  const SheetFormat format = adjustSheetFormat(sheetFormat("a4-3x8"), adjustments);
  const std::vector<Box> boxes = labelBoxes(format);
  BOOST_TEST(boxes[0].x == 5);
  BOOST_TEST(boxes[0].y == 10);
  BOOST_TEST(boxes[1].x == 71);
  BOOST_TEST(boxes[3].y == 44.9, tt::tolerance(1e-9));
  BOOST_TEST(format.padding == 2);
  checkSheet(format);
}

BOOST_AUTO_TEST_CASE(a_roll_page_follows_the_label_size) {
  SheetAdjustments adjustments;
  adjustments.labelHeight = 29;
  adjustments.topMargin = 1;
  const SheetFormat format = adjustSheetFormat(sheetFormat("roll-62mm"), adjustments);
  BOOST_TEST(format.pageWidth == 62);
  BOOST_TEST(format.pageHeight == 31);
  checkSheet(format);
}

BOOST_AUTO_TEST_CASE(rejects_an_unknown_format_naming_the_known_ones) {
  BOOST_TEST(test::errorOf<ConfigurationError>([] { sheetFormat("a5"); }) ==
             "print.format: 'a5' is not a label sheet format: use a4-3x8, a4-2x7, letter-3x10 or "
             "roll-62mm");
}

BOOST_AUTO_TEST_CASE(rejects_labels_that_run_off_the_page_naming_the_key) {
  SheetAdjustments wide;
  wide.labelWidth = 75;
  BOOST_TEST(
      test::errorOf<ConfigurationError>([&] { adjustSheetFormat(sheetFormat("a4-3x8"), wide); }) ==
      "print.label_width_mm: 3 labels of 75 mm with gaps of 0 mm "
      "(print.column_gap_mm) after a margin of 0 mm (print.left_margin_mm) end at "
      "225 mm, past the 210 mm wide page of a4-3x8: make the labels, the gaps or "
      "the margin smaller");
  SheetAdjustments low;
  low.topMargin = 26;
  BOOST_TEST(test::errorOf<ConfigurationError>(
                 [&] { adjustSheetFormat(sheetFormat("letter-3x10"), low); }) ==
             "print.label_height_mm: 10 labels of 25.4 mm with gaps of 0 mm "
             "(print.row_gap_mm) after a margin of 26 mm (print.top_margin_mm) end at "
             "280 mm, past the 279.4 mm high page of letter-3x10: make the labels, the "
             "gaps or the margin smaller");
}

BOOST_AUTO_TEST_CASE(rejects_negative_lengths_small_labels_and_wide_padding) {
  SheetAdjustments negative;
  negative.columnGap = -1;
  BOOST_TEST(test::errorOf<ConfigurationError>([&] {
               adjustSheetFormat(sheetFormat("a4-2x7"), negative);
             }) == "print.column_gap_mm: -1 mm is negative: use 0 or more");
  SheetAdjustments notANumber;
  notANumber.leftMargin = std::numeric_limits<double>::quiet_NaN();
  BOOST_TEST(test::errorOf<ConfigurationError>([&] {
               adjustSheetFormat(sheetFormat("a4-2x7"), notANumber);
             }) == "print.left_margin_mm: 'nan' is not a length: use a number of millimetres");
  SheetAdjustments tiny;
  tiny.labelHeight = 12;
  BOOST_TEST(test::errorOf<ConfigurationError>(
                 [&] { adjustSheetFormat(sheetFormat("roll-62mm"), tiny); }) ==
             "print.label_height_mm: 12 mm is too small for a label with a QR code: use 20 "
             "mm or more");
  SheetAdjustments padded;
  padded.padding = 8;
  BOOST_TEST(test::errorOf<ConfigurationError>(
                 [&] { adjustSheetFormat(sheetFormat("letter-3x10"), padded); }) ==
             "print.padding_mm: 8 mm leaves too little of a 66.675 x 25.4 mm label: use at "
             "most 5.08 mm");
}

BOOST_AUTO_TEST_SUITE_END()
