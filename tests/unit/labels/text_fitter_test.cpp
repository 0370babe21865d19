#include "core/labels/text_fitter.h"

#include <boost/test/unit_test.hpp>

#include "core/labels/label_layout.h"
#include "core/labels/label_painter.h"
#include "tests/unit/labels/label_samples.h"

using racesync::Box;
using racesync::FittedText;
using racesync::kPointsPerMm;
using racesync::layoutLabel;
using racesync::TextFitter;
using racesync::TextSpec;
namespace test = racesync::test;

namespace {

// The name box of an A4 3x8 label, in points: 36.6 x 12.2 mm.
Box nameBox() {
  const Box box = layoutLabel(70, 37, 1.5).name;
  return {0, 0, box.width * kPointsPerMm, box.height * kPointsPerMm};
}

const TextSpec kName{"Noto Sans", false, 18, 6, false};

// Pango's logical extents inside the box, the whole text laid out, nothing ellipsized.
void checkInside(const FittedText& fitted, const std::string& text, const Box& box) {
  BOOST_TEST(fitted.fits, text);
  BOOST_TEST(fitted.x >= -1e-6, text);
  BOOST_TEST(fitted.x + fitted.width <= box.width + 1e-6, text << ": " << fitted.width);
  BOOST_TEST(fitted.height <= box.height + 1e-6, text << ": " << fitted.height);
  BOOST_TEST(fitted.text == text);
  BOOST_TEST(!fitted.ellipsized, text);
  BOOST_TEST(fitted.missingGlyphs == 0, text);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_fitter_test)

BOOST_AUTO_TEST_CASE(keeps_a_short_name_at_the_largest_size) {
  TextFitter fitter;
  const FittedText fitted = fitter.fit("Li Na", kName, nameBox().width, nameBox().height);
  BOOST_TEST(fitted.sizePt == 18);
  BOOST_TEST(fitted.lines == 1);
  BOOST_TEST(!fitted.belowMinimum);
  checkInside(fitted, "Li Na", nameBox());
}

BOOST_AUTO_TEST_CASE(shrinks_a_long_name_to_fit_on_one_line) {
  TextFitter fitter;
  const std::string name = "Maria Dolores Fernández";
  const FittedText fitted = fitter.fit(name, kName, nameBox().width, nameBox().height);
  BOOST_TEST(fitted.sizePt < 18);
  BOOST_TEST(fitted.sizePt >= 6);
  BOOST_TEST(fitted.lines == 1);
  checkInside(fitted, name, nameBox());
  // The largest such size: one step larger (measured in a box that holds it) does not fit.
  const FittedText larger =
      fitter.fit(name, {"Noto Sans", false, fitted.sizePt + 0.25, 6, false}, 10000, 10000);
  BOOST_TEST(larger.sizePt == fitted.sizePt + 0.25);
  BOOST_TEST((larger.width > nameBox().width || larger.height > nameBox().height));
}

BOOST_AUTO_TEST_CASE(wraps_to_two_lines_when_even_the_smallest_size_is_too_wide) {
  TextFitter fitter;
  const std::string name = "Maria Dolores Fernández de Córdoba y Álvarez de las Asturias";
  const FittedText fitted = fitter.fit(name, kName, nameBox().width, nameBox().height);
  BOOST_TEST(fitted.lines == 2);
  BOOST_TEST(fitted.sizePt >= 6);
  BOOST_TEST(!fitted.belowMinimum);
  checkInside(fitted, name, nameBox());
}

BOOST_AUTO_TEST_CASE(goes_below_the_smallest_size_rather_than_cut_an_absurd_name) {
  TextFitter fitter;
  std::string name;
  for (int i = 0; i < 12; ++i) name += "Wolfeschlegelsteinhausenbergerdorff ";
  name.pop_back();
  const FittedText fitted = fitter.fit(name, kName, nameBox().width, nameBox().height);
  BOOST_TEST(fitted.belowMinimum);
  BOOST_TEST(fitted.sizePt < 6);
  BOOST_TEST(fitted.lines > 2);
  checkInside(fitted, name, nameBox());
}

BOOST_AUTO_TEST_CASE(gives_up_on_a_text_no_size_fits_rather_than_lay_it_out_cut) {
  TextFitter fitter;
  const FittedText fitted =
      fitter.fit(std::string(20000, 'W'), kName, nameBox().width, nameBox().height);
  BOOST_TEST(!fitted.fits);
  BOOST_TEST(fitted.belowMinimum);
  BOOST_TEST(!fitted.layout);
  BOOST_TEST(fitted.text.size() == 20000u);
}

BOOST_AUTO_TEST_CASE(breaks_a_single_word_too_wide_for_the_line) {
  TextFitter fitter;
  const std::string name(30, 'W');
  const FittedText fitted = fitter.fit(name, kName, nameBox().width, nameBox().height);
  BOOST_TEST(fitted.lines == 2);
  checkInside(fitted, name, nameBox());
}

BOOST_AUTO_TEST_CASE(renders_names_of_every_script_with_installed_fonts) {
  TextFitter fitter;
  for (const std::string& name : test::namesInManyScripts()) {
    const FittedText fitted = fitter.fit(name, kName, nameBox().width, nameBox().height);
    checkInside(fitted, name, nameBox());
  }
}

BOOST_AUTO_TEST_CASE(tells_right_to_left_names_apart) {
  TextFitter fitter;
  BOOST_TEST(fitter.fit("محمد عبد الله", kName, 100, 20).rightToLeft);
  BOOST_TEST(fitter.fit("דוד כהן", kName, 100, 20).rightToLeft);
  BOOST_TEST(!fitter.fit("Анна Иванова", kName, 100, 20).rightToLeft);
}

BOOST_AUTO_TEST_CASE(makes_line_breaks_in_a_name_spaces) {
  TextFitter fitter;
  const FittedText fitted = fitter.fit("Anna\nMüller\t", kName, nameBox().width, nameBox().height);
  BOOST_TEST(fitted.text == "Anna Müller ");
  BOOST_TEST(fitted.lines == 1);
}

BOOST_AUTO_TEST_SUITE_END()
