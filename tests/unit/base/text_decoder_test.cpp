#include "core/base/text_decoder.h"

#include <boost/test/unit_test.hpp>

#include <sstream>

#include "core/base/errors.h"

using racesync::DetectedEncoding;
using racesync::Encoding;

namespace {

// Detects the encoding of `bytes` and decodes them to UTF-8, as a CSV source does.
std::string decode(const std::string& bytes, Encoding* encoding = nullptr) {
  std::istringstream raw(bytes);
  DetectedEncoding detected = racesync::detectEncoding(raw, "test.csv");
  if (encoding) *encoding = detected.encoding;
  racesync::TextDecoder decoder(raw, detected.encoding);
  std::istream text(&decoder);
  std::ostringstream out;
  out << text.rdbuf();
  return out.str();
}

// UTF-16 code units of an ASCII/BMP string given as UTF-32 code points.
std::string utf16(const std::u32string& text, bool little, bool bom) {
  std::string bytes;
  auto put = [&](unsigned unit) {
    char hi = static_cast<char>(unit >> 8), lo = static_cast<char>(unit & 0xFF);
    bytes += little ? lo : hi;
    bytes += little ? hi : lo;
  };
  if (bom) put(0xFEFF);
  for (char32_t c : text) {
    if (c >= 0x10000) {
      put(0xD800 + ((c - 0x10000) >> 10));
      put(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      put(c);
    }
  }
  return bytes;
}

std::string errorOf(const std::string& bytes) {
  try {
    decode(bytes);
  } catch (const racesync::InputError& e) {
    return e.message();
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_decoder_test)

BOOST_AUTO_TEST_CASE(reads_utf8_without_bom_as_it_is) {
  Encoding encoding;
  BOOST_TEST(decode("Name;Zoë\n", &encoding) == "Name;Zoë\n");
  BOOST_TEST(encodingName(encoding) == std::string("utf-8"));
}

BOOST_AUTO_TEST_CASE(drops_the_utf8_bom) {
  Encoding encoding;
  BOOST_TEST(decode("\xEF\xBB\xBFName,Bib\n", &encoding) == "Name,Bib\n");
  BOOST_TEST((encoding == Encoding::kUtf8));
}

BOOST_AUTO_TEST_CASE(decodes_utf16_le_and_be_with_bom_including_surrogate_pairs) {
  std::u32string text = U"Name\tBib\r\nZo\u00eb \U0001F3C3\t7\r\n";
  std::string expected = "Name\tBib\r\nZoë \xF0\x9F\x8F\x83\t7\r\n";
  Encoding encoding;
  BOOST_TEST(decode(utf16(text, true, true), &encoding) == expected);
  BOOST_TEST((encoding == Encoding::kUtf16Le));
  BOOST_TEST(decode(utf16(text, false, true), &encoding) == expected);
  BOOST_TEST((encoding == Encoding::kUtf16Be));
}

BOOST_AUTO_TEST_CASE(recognises_utf16_le_without_bom) {
  Encoding encoding;
  BOOST_TEST(decode(utf16(U"Name\n", true, false), &encoding) == "Name\n");
  BOOST_TEST((encoding == Encoding::kUtf16Le));
}

BOOST_AUTO_TEST_CASE(reads_windows_1252_when_the_bytes_are_not_utf8) {
  Encoding encoding;
  // "Müller;Straße;€" in Windows-1252: ü 0xFC, ß 0xDF, € 0x80.
  BOOST_TEST(decode("M\xFCller;Stra\xDF"
                    "e;\x80\n",
                    &encoding) == "Müller;Straße;€\n");
  BOOST_TEST(encodingName(encoding) == std::string("windows-1252"));
}

BOOST_AUTO_TEST_CASE(finds_invalid_utf8_far_beyond_the_first_chunk) {
  std::string bytes = "Name\n" + std::string(200000, 'a') + "\nJos\xE9\n";
  Encoding encoding;
  std::string text = decode(bytes, &encoding);
  BOOST_TEST((encoding == Encoding::kWindows1252));
  BOOST_TEST(text.substr(text.size() - 7) == "\nJosé\n");
}

BOOST_AUTO_TEST_CASE(keeps_utf8_sequences_split_across_chunks) {
  // Put "é" (2 bytes) and an emoji (4 bytes) across the 64 KiB chunk edges of the checker.
  std::string bytes = std::string(65535, 'a') + "é" + std::string(65533, 'b') + "\xF0\x9F\x8F\x83";
  Encoding encoding;
  BOOST_TEST(decode(bytes, &encoding) == bytes);
  BOOST_TEST((encoding == Encoding::kUtf8));
}

BOOST_AUTO_TEST_CASE(keeps_utf16_surrogates_split_across_chunks) {
  std::u32string text(32766, U'a');  // BOM and these: 65534 bytes, so the pair straddles 64 KiB
  text += U'\U0001F3C3';
  text += U"z";
  std::string expected = std::string(32766, 'a') + "\xF0\x9F\x8F\x83z";
  BOOST_TEST(decode(utf16(text, true, true)) == expected);
}

BOOST_AUTO_TEST_CASE(refuses_binary_data_with_the_reason) {
  BOOST_TEST(errorOf(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)) ==
             "test.csv: not a CSV file: it holds binary data (NUL bytes): export the "
             "registrations as CSV (comma, semicolon or tab separated)");
  BOOST_TEST(errorOf(std::string("PK\x03\x04\x14\0\x06\0", 8)) ==
             "test.csv: not a CSV file: it is a ZIP archive or an Excel workbook: export the "
             "registrations as CSV (comma, semicolon or tab separated)");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_after_a_bom_passed_through_undecoded) {
  // Found by tests/fuzz/text_decoder_fuzz.cpp: with a UTF-8 BOM the bytes were handed on as they
  // were, so "\xEB\0" reached the store, the JSON for RaceRanger and the mails as invalid UTF-8.
  // Each malformed byte is U+FFFD, as the header promises.
  const std::string replacement = "\xEF\xBF\xBD";
  BOOST_TEST(decode("\xEF\xBB\xBFZo\xEB;1\n") == "Zo" + replacement + ";1\n");
  BOOST_TEST(decode("\xEF\xBB\xBF\xC0\xAF|\xED\xA0\x80|\xF4\x90\x80\x80|\xE2\x82") ==
             replacement + replacement + "|" + replacement + replacement + replacement + "|" +
                 replacement + replacement + replacement + replacement + "|" + replacement);
  // A valid sequence split across the decoder's 64 KiB chunks stays whole.
  const std::string split = "\xEF\xBB\xBF" + std::string(65535, 'a') + "\xF0\x9F\x8F\x83";
  BOOST_TEST(decode(split) == split.substr(3));
}

BOOST_AUTO_TEST_SUITE_END()
