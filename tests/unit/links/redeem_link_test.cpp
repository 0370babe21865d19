#include "core/links/redeem_link.h"

#include <boost/test/unit_test.hpp>

using racesync::kDefaultLinkBase;
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

BOOST_AUTO_TEST_CASE(encodes_utf8_bytes_of_non_latin_scripts_and_emoji) {
  BOOST_TEST(
      redeemLink(kDefaultLinkBase, "ABC123", "A/7", "Zoë 🏃") ==
      "https://racemap.app/redeem_key?key=ABC123&startNumber=A%2F7&name=Zo%C3%AB%20%F0%9F%8F%83");
}

BOOST_AUTO_TEST_CASE(appends_to_a_base_that_already_has_a_query) {
  BOOST_TEST(redeemLink("https://example.org/r?lang=de", "ABC123", "", "") ==
             "https://example.org/r?lang=de&key=ABC123");
}

BOOST_AUTO_TEST_SUITE_END()
