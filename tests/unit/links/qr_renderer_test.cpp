#include "core/links/qr_renderer.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>

#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::ConfigurationError;
using racesync::InputError;
using racesync::QrErrorCorrection;
using racesync::QrOptions;
using racesync::renderQrPng;
namespace test = racesync::test;

namespace {

// The IHDR facts every PNG starts with: 8 bytes signature, then the IHDR chunk.
struct Header {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int bitDepth = 0;
  int colorType = 0;
};

std::uint32_t bigEndian(const std::string& bytes, size_t at) {
  return (std::uint32_t(std::uint8_t(bytes[at])) << 24) |
         (std::uint32_t(std::uint8_t(bytes[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(bytes[at + 2])) << 8) |
         std::uint32_t(std::uint8_t(bytes[at + 3]));
}

Header header(const std::string& png) {
  BOOST_REQUIRE_GE(png.size(), 33u);
  BOOST_REQUIRE_EQUAL(png.substr(1, 3), "PNG");
  BOOST_REQUIRE_EQUAL(png.substr(12, 4), "IHDR");
  return Header{bigEndian(png, 16), bigEndian(png, 20), std::uint8_t(png[24]),
                std::uint8_t(png[25])};
}

std::string decode(const std::string& png) {
  test::TempDir dir;
  test::writeFile(dir.file("code.png"), png);
  return test::decodeQr(dir.file("code.png"));
}

const std::string kLink =
    "https://racemap.app/redeem_key?key=K84N2S&startNumber=42&name=Ana%20L%C3%B3pez";

}  // namespace

BOOST_AUTO_TEST_SUITE(qr_renderer_test)

BOOST_AUTO_TEST_CASE(renders_a_link_that_zbarimg_decodes) {
  BOOST_TEST(decode(renderQrPng(kLink)) == kLink);
}

BOOST_AUTO_TEST_CASE(writes_one_bit_grayscale_with_module_size_and_quiet_zone) {
  QrOptions small;
  small.modulePx = 1;
  small.quietZone = 0;
  const Header bare = header(renderQrPng(kLink, small));
  BOOST_TEST(bare.bitDepth == 1);
  BOOST_TEST(bare.colorType == 0);
  BOOST_TEST(bare.width == bare.height);
  BOOST_TEST((bare.width - 17) % 4 == 0u);  // a QR code is 17 + 4 * version modules wide

  const Header defaults = header(renderQrPng(kLink));
  BOOST_TEST(defaults.width == (bare.width + 2 * 4) * 8);
  QrOptions large;
  large.modulePx = 3;
  large.quietZone = 2;
  const std::string png = renderQrPng(kLink, large);
  BOOST_TEST(header(png).width == (bare.width + 2 * 2) * 3);
  BOOST_TEST(decode(png) == kLink);
}

BOOST_AUTO_TEST_CASE(gives_identical_bytes_for_identical_input) {
  BOOST_TEST(renderQrPng(kLink) == renderQrPng(kLink));
  BOOST_TEST(renderQrPng(kLink).find("tIME") == std::string::npos);
  BOOST_TEST(renderQrPng(kLink).find("tEXt") == std::string::npos);
  BOOST_TEST(renderQrPng(kLink) != renderQrPng(kLink + "x"));
}

BOOST_AUTO_TEST_CASE(higher_error_correction_needs_more_modules) {
  QrOptions low;
  low.errorCorrection = QrErrorCorrection::kLow;
  QrOptions high;
  high.errorCorrection = QrErrorCorrection::kHigh;
  const std::string highPng = renderQrPng(kLink, high);
  BOOST_TEST(header(highPng).width > header(renderQrPng(kLink, low)).width);
  BOOST_TEST(decode(highPng) == kLink);
}

BOOST_AUTO_TEST_CASE(parses_error_correction_levels) {
  BOOST_TEST(int(racesync::parseQrErrorCorrection("l", "qr.error_correction")) ==
             int(QrErrorCorrection::kLow));
  BOOST_TEST(int(racesync::parseQrErrorCorrection(" H ", "qr.error_correction")) ==
             int(QrErrorCorrection::kHigh));
  BOOST_CHECK_EXCEPTION(racesync::parseQrErrorCorrection("X", "qr.error_correction"),
                        ConfigurationError, [](const ConfigurationError& e) {
                          return e.message() ==
                                 "qr.error_correction: 'X' is not an error correction level: use "
                                 "L, M, Q or H";
                        });
}

BOOST_AUTO_TEST_CASE(refuses_bad_sizes_and_texts_too_long) {
  QrOptions zero;
  zero.modulePx = 0;
  BOOST_CHECK_THROW(renderQrPng(kLink, zero), ConfigurationError);
  BOOST_CHECK_EXCEPTION(renderQrPng(std::string(8000, 'a')), InputError, [](const InputError& e) {
    return e.message().find("qr: a text of 8000 bytes does not fit in a QR code") == 0;
  });
}

BOOST_AUTO_TEST_SUITE_END()
