#include "core/links/redeem_link.h"

#include <boost/test/unit_test.hpp>

using racesync::kDefaultLinkBase;
using racesync::percentEncode;
using racesync::redeemLink;

BOOST_AUTO_TEST_SUITE(redeem_link_test)

BOOST_AUTO_TEST_CASE(puts_key_first_then_bib_then_name) {
  BOOST_TEST(redeemLink(kDefaultLinkBase, "6G615L", "1", "Peter") ==
             "https://racemap.app/redeem_key?key=6G615L&startNumber=1&name=Peter");
}

BOOST_AUTO_TEST_CASE(leaves_out_start_number_without_a_bib) {
  BOOST_TEST(redeemLink(kDefaultLinkBase, "K84N2S", "", "Ana") ==
             "https://racemap.app/redeem_key?key=K84N2S&name=Ana");
}

BOOST_AUTO_TEST_CASE(encodes_a_space_as_percent_20_never_plus) {
  BOOST_TEST(redeemLink(kDefaultLinkBase, "K84N2S", "7", "Mary Ann") ==
             "https://racemap.app/redeem_key?key=K84N2S&startNumber=7&name=Mary%20Ann");
}

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
  BOOST_TEST(
      redeemLink(kDefaultLinkBase, "ABC123", "A/7", "Zoë 🏃") ==
      "https://racemap.app/redeem_key?key=ABC123&startNumber=A%2F7&name=Zo%C3%AB%20%F0%9F%8F%83");
}

BOOST_AUTO_TEST_CASE(appends_to_a_base_that_already_has_a_query) {
  BOOST_TEST(redeemLink("https://example.org/r?lang=de", "ABC123", "", "") ==
             "https://example.org/r?lang=de&key=ABC123");
}

BOOST_AUTO_TEST_SUITE_END()
