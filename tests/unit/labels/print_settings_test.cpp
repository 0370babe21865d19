// readPrintSettings: the print.* keys into a sheet format, a label style and per_race, with errors
// that name the file and the key.
#include "core/labels/print_settings.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "tests/support/test_support.h"

using namespace racesync;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(print_settings_test)

BOOST_AUTO_TEST_CASE(defaults_to_a4_3x8_as_the_format_defines_it) {
  PrintSettings print = readPrintSettings(Settings::fromString(""));
  BOOST_TEST(print.format.name == "a4-3x8");
  BOOST_TEST(print.format.labelWidth == 70, tt::tolerance(1e-9));
  BOOST_TEST(print.format.padding == 1.5, tt::tolerance(1e-9));
  BOOST_TEST((print.style.errorCorrection == QrErrorCorrection::kMedium));
  BOOST_TEST(print.style.quietZone == 4);
  BOOST_TEST(print.style.minTextPt == 6, tt::tolerance(1e-9));
  BOOST_TEST(!print.perRace);
}

BOOST_AUTO_TEST_CASE(reads_every_key) {
  PrintSettings print = readPrintSettings(Settings::fromString(
      "print.format = Roll-62mm\nprint.top_margin_mm = 2\nprint.left_margin_mm = 1.5\n"
      "print.label_height_mm = 80\nprint.padding_mm = 2.5\nprint.error_correction = q\n"
      "print.quiet_zone = 2\nprint.min_text_pt = 7.5\nprint.per_race = yes\n"));
  BOOST_TEST(print.format.name == "roll-62mm");
  BOOST_TEST(print.format.labelHeight == 80, tt::tolerance(1e-9));
  BOOST_TEST(print.format.pageHeight == 84, tt::tolerance(1e-9));  // a roll's page follows
  BOOST_TEST(print.format.pageWidth == 65, tt::tolerance(1e-9));
  BOOST_TEST(print.format.padding == 2.5, tt::tolerance(1e-9));
  BOOST_TEST((print.style.errorCorrection == QrErrorCorrection::kQuartile));
  BOOST_TEST(print.style.quietZone == 2);
  BOOST_TEST(print.style.minTextPt == 7.5, tt::tolerance(1e-9));
  BOOST_TEST(print.perRace);
}

BOOST_AUTO_TEST_CASE(errors_name_the_file_and_the_key) {
  test::TempDir dir;
  test::writeFile(dir.file("race.ini"), "[print]\nlabel_width_mm = 90\n");
  BOOST_TEST(test::errorOf<ConfigurationError>([&] {
               readPrintSettings(Settings::load(dir.file("race.ini"), {}));
             }).rfind("race.ini: print.label_width_mm: 3 labels of 90 mm", 0) == 0u);
  test::writeFile(dir.file("race.ini"), "[print]\ntop_margin_mm = half\n");
  BOOST_TEST(test::errorOf<ConfigurationError>(
                 [&] { readPrintSettings(Settings::load(dir.file("race.ini"), {})); }) ==
             "race.ini: print.top_margin_mm: 'half' is not a number from 0 to 300 (write "
             "decimals with a point, e.g. 0.5)");
  test::writeFile(dir.file("race.ini"), "[print]\nformat = a5\n");
  BOOST_TEST(test::errorOf<ConfigurationError>([&] {
               readPrintSettings(Settings::load(dir.file("race.ini"), {}));
             }).rfind("race.ini: print.format: 'a5' is not", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
