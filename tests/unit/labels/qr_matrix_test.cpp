#include "core/labels/qr_matrix.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::darkRuns;
using racesync::encodeQrMatrix;
using racesync::InputError;
using racesync::ModuleRun;
using racesync::QrErrorCorrection;
using racesync::QrMatrix;
namespace test = racesync::test;

BOOST_AUTO_TEST_SUITE(qr_matrix_test)

BOOST_AUTO_TEST_CASE(encodes_in_the_smallest_version_that_fits) {
  // Version 1 (21 modules) holds 14 bytes at level M, version 5 (37 modules) 84.
  BOOST_TEST(encodeQrMatrix("hello", QrErrorCorrection::kMedium, "test").size == 21);
  const std::string link =
      "https://racemap.app/redeem_key?key=K84N2S&startNumber=42&name=Ana%20L%C3%B3pez";
  const QrMatrix matrix = encodeQrMatrix(link, QrErrorCorrection::kMedium, "test");
  BOOST_TEST(matrix.size == 37);
  BOOST_TEST(matrix.dark.size() == 37u * 37u);
  // The finder pattern's corner: dark at the top-left, light just inside its ring.
  BOOST_TEST(matrix.isDark(0, 0));
  BOOST_TEST(!matrix.isDark(1, 1));
  BOOST_TEST(matrix.isDark(36, 0));
  BOOST_TEST(matrix.isDark(0, 36));
}

BOOST_AUTO_TEST_CASE(runs_cover_exactly_the_dark_modules_and_are_maximal) {
  const QrMatrix matrix =
      encodeQrMatrix("https://racemap.app/redeem_key?key=ABCDEF", QrErrorCorrection::kHigh, "test");
  std::vector<unsigned char> painted(matrix.dark.size(), 0);
  const std::vector<ModuleRun> runs = darkRuns(matrix);
  for (size_t i = 0; i < runs.size(); ++i) {
    const ModuleRun& run = runs[i];
    BOOST_TEST_REQUIRE(run.length > 0);
    for (int x = run.x; x < run.x + run.length; ++x) {
      BOOST_TEST(painted[static_cast<size_t>(run.y) * matrix.size + x] == 0);
      painted[static_cast<size_t>(run.y) * matrix.size + x] = 1;
    }
    if (run.x > 0) BOOST_TEST(!matrix.isDark(run.x - 1, run.y));
    if (run.x + run.length < matrix.size) BOOST_TEST(!matrix.isDark(run.x + run.length, run.y));
  }
  BOOST_TEST(painted == matrix.dark, boost::test_tools::per_element());
  BOOST_TEST(runs.size() < matrix.dark.size() / 3);  // far fewer shapes than modules
}

BOOST_AUTO_TEST_CASE(rejects_a_text_too_long_for_a_qr_code_naming_the_place) {
  BOOST_TEST(test::errorOf<InputError>([] {
               encodeQrMatrix(std::string(3000, 'x'), QrErrorCorrection::kMedium,
                              "label R1 (bib 7)");
             }) ==
             "label R1 (bib 7): a text of 3000 bytes does not fit in a QR code: shorten it "
             "or lower print.error_correction");
}

BOOST_AUTO_TEST_SUITE_END()
