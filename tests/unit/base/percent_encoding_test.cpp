// The one percent-encoder (RFC 3986) that redeem links, request paths, form bodies and the secret
// scrubber share.
#include "core/base/percent_encoding.h"

#include <boost/test/unit_test.hpp>

using racesync::percentEncode;

BOOST_AUTO_TEST_SUITE(percent_encoding_test)

BOOST_AUTO_TEST_CASE(encodes_reserved_characters_of_a_query) {
  BOOST_TEST(percentEncode("Tom & Jerry") == "Tom%20%26%20Jerry");
  BOOST_TEST(percentEncode("a=b") == "a%3Db");
  BOOST_TEST(percentEncode("1+1") == "1%2B1");
  BOOST_TEST(percentEncode("A/B") == "A%2FB");
  BOOST_TEST(percentEncode("O'Brien") == "O%27Brien");
  BOOST_TEST(percentEncode("100%") == "100%25");
  BOOST_TEST(percentEncode("#?") == "%23%3F");
}

BOOST_AUTO_TEST_CASE(keeps_unreserved_characters) {
  BOOST_TEST(percentEncode("AZaz09-._~") == "AZaz09-._~");
}

BOOST_AUTO_TEST_CASE(encodes_utf8_bytes_of_non_latin_scripts_and_emoji) {
  BOOST_TEST(percentEncode("Jürgen") == "J%C3%BCrgen");
  BOOST_TEST(percentEncode("李小龙") == "%E6%9D%8E%E5%B0%8F%E9%BE%99");
  BOOST_TEST(percentEncode("Ђорђе") == "%D0%82%D0%BE%D1%80%D1%92%D0%B5");
  BOOST_TEST(percentEncode("🏃") == "%F0%9F%8F%83");
}

BOOST_AUTO_TEST_CASE(encodes_every_byte_outside_the_unreserved_set_as_the_clients_did) {
  // The clients used Poco::URI::encode with every reserved character listed: the same result.
  BOOST_TEST(percentEncode("[\"ID\",\"Bib\"]") == "%5B%22ID%22%2C%22Bib%22%5D");
  BOOST_TEST(percentEncode("!*'();:@&=+$,/?#[]<>{}|\\^`\"") ==
             "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%3C%3E%7B%7D%7C%5C%5E%60%22");
  BOOST_TEST(percentEncode(std::string("\x00\x1f\x7f", 3)) == "%00%1F%7F");
  BOOST_TEST(percentEncode("") == "");
}

BOOST_AUTO_TEST_SUITE_END()
