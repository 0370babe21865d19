#include "core/labels/label_layout.h"

#include <boost/test/unit_test.hpp>

#include <vector>

#include "core/labels/sheet_format.h"

using racesync::Box;
using racesync::LabelLayout;
using racesync::layoutLabel;
using racesync::SheetAdjustments;
using racesync::SheetFormat;
using racesync::sheetFormat;
using racesync::sheetFormatNames;
using racesync::TextAlign;
namespace tt = boost::test_tools;

namespace {

std::vector<SheetFormat> allFormats() {
  std::vector<SheetFormat> formats;
  for (const std::string& name : sheetFormatNames()) formats.push_back(sheetFormat(name));
  SheetAdjustments shortRoll;  // a 62 x 29 mm roll label: wide, so side by side
  shortRoll.labelHeight = 29;
  formats.push_back(adjustSheetFormat(sheetFormat("roll-62mm"), shortRoll));
  formats.back().name = "roll-62mm at 29 mm";
  return formats;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(label_layout_test)

BOOST_AUTO_TEST_CASE(keeps_every_part_inside_the_padding_without_overlap) {
  for (const SheetFormat& format : allFormats()) {
    const LabelLayout layout = layoutLabel(format.labelWidth, format.labelHeight, format.padding);
    const Box inner{format.padding, format.padding, format.labelWidth - 2 * format.padding,
                    format.labelHeight - 2 * format.padding};
    const std::vector<Box> parts = {layout.qr, layout.key, layout.bib, layout.name, layout.race};
    for (size_t i = 0; i < parts.size(); ++i) {
      BOOST_TEST(contains(inner, parts[i]), format.name << " part " << i);
      BOOST_TEST(parts[i].width > 0);
      BOOST_TEST(parts[i].height > 0);
      for (size_t j = i + 1; j < parts.size(); ++j) {
        BOOST_TEST(!overlaps(parts[i], parts[j]), format.name << " parts " << i << " and " << j);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(draws_the_code_square_with_the_key_right_under_it) {
  for (const SheetFormat& format : allFormats()) {
    const LabelLayout layout = layoutLabel(format.labelWidth, format.labelHeight, format.padding);
    BOOST_TEST(layout.qr.width == layout.qr.height, format.name);
    BOOST_TEST(layout.key.x == layout.qr.x);
    BOOST_TEST(layout.key.width == layout.qr.width);
    BOOST_TEST(layout.key.y == layout.qr.bottom());
    // A code of 45 modules (a redeem link with a name of about 15 letters: version 5 at level M,
    // and the quiet zone) gets modules of 0.4 mm or more on every format: what phone cameras and
    // zbarimg at 300 dpi read without trouble.
    BOOST_TEST(layout.qr.width / 45 >= 0.4, format.name << ": " << layout.qr.width << " mm");
  }
}

BOOST_AUTO_TEST_CASE(puts_texts_beside_the_code_on_wide_labels) {
  const LabelLayout layout = layoutLabel(70, 37, 1.5);
  BOOST_TEST((layout.align == TextAlign::kStart));
  BOOST_TEST(layout.bib.x >= layout.qr.right());
  BOOST_TEST(layout.bib.y == 1.5);
  BOOST_TEST(layout.name.y == layout.bib.bottom());
  BOOST_TEST(layout.race.y == layout.name.bottom());
  BOOST_TEST(layout.race.bottom() == 35.5, tt::tolerance(1e-9));
  BOOST_TEST(layout.bib.height > layout.name.height);
  BOOST_TEST(layout.name.height > layout.race.height);
}

BOOST_AUTO_TEST_CASE(stacks_texts_under_the_code_on_tall_labels) {
  const LabelLayout layout = layoutLabel(62, 100, 3);
  BOOST_TEST((layout.align == TextAlign::kCenter));
  BOOST_TEST(layout.qr.x - 3 == 62 - 3 - layout.qr.right(), tt::tolerance(1e-9));  // centred
  BOOST_TEST(layout.bib.y == layout.key.bottom());
  BOOST_TEST(layout.bib.width == 56);
  BOOST_TEST(layout.race.bottom() == 97, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()
