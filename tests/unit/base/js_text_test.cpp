#include "core/base/js_text.h"

#include <boost/test/unit_test.hpp>

using racesync::jsString;
using racesync::jsText;

BOOST_AUTO_TEST_SUITE(js_text_test)

BOOST_AUTO_TEST_CASE(keeps_plain_text_and_utf8_as_it_is) {
  BOOST_TEST(jsText("Zoë Müller, Łukasz 🏃") == "Zoë Müller, Łukasz 🏃");
  BOOST_TEST(jsText("") == "");
}

BOOST_AUTO_TEST_CASE(escapes_quotes_and_backslashes) {
  BOOST_TEST(jsText("O'Brien \"Blue\" C:\\x") == "O\\'Brien \\\"Blue\\\" C:\\\\x");
  BOOST_TEST(jsString("a\"b") == "\"a\\\"b\"");
}

BOOST_AUTO_TEST_CASE(a_closing_script_tag_cannot_end_the_script) {
  std::string out = jsText("</script><script>alert(1)</script><!--");
  BOOST_TEST(out.find('<') == std::string::npos);
  BOOST_TEST(out.find('>') == std::string::npos);
  BOOST_TEST(out ==
             "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E"
             "\\u003C!--");
  BOOST_TEST(jsText("a&b") == "a\\u0026b");
}

BOOST_AUTO_TEST_CASE(line_terminators_and_control_characters_are_escaped) {
  BOOST_TEST(jsText("a\nb\rc\td") == "a\\u000Ab\\u000Dc\\u0009d");
  BOOST_TEST(jsText(std::string("a\0b", 3)) == "a\\u0000b");
  BOOST_TEST(jsText("x\xE2\x80\xA8y\xE2\x80\xA9z") == "x\\u2028y\\u2029z");  // U+2028, U+2029
  BOOST_TEST(jsText("\x7F") == "\\u007F");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_becomes_the_replacement_character) {
  BOOST_TEST(jsText("M\xFCller") == "M\\uFFFDller");              // Windows-1252 ü
  BOOST_TEST(jsText("\xC0\xBC") == "\\uFFFD\\uFFFD");             // overlong '<'
  BOOST_TEST(jsText("\xED\xA0\x80") == "\\uFFFD\\uFFFD\\uFFFD");  // a surrogate
  BOOST_TEST(jsText("ab\xE2\x80") == "ab\\uFFFD\\uFFFD");         // cut short
}

BOOST_AUTO_TEST_SUITE_END()
