#include "core/base/match_key.h"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(match_key_test)

BOOST_AUTO_TEST_CASE(folds_case_accents_and_punctuation) {
  BOOST_TEST(racesync::matchKey("Prénom") == "prenom");
  BOOST_TEST(racesync::matchKey("E-Mail") == "email");
  BOOST_TEST(racesync::matchKey("Bib #") == "bib");
  BOOST_TEST(racesync::matchKey("first_name") == "firstname");
  BOOST_TEST(racesync::matchKey("Straße") == "strasse");
  BOOST_TEST(racesync::matchKey("ŁUKASZ Ångström") == "lukaszangstrom");
  BOOST_TEST(racesync::matchKey("Nationalität") == "nationalitat");
}

BOOST_AUTO_TEST_CASE(trims_ascii_and_no_break_spaces) {
  BOOST_TEST(racesync::trimValue(" \t\xC2\xA0"
                                 "Anna Muster\xC2\xA0\r\n") == "Anna Muster");
  BOOST_TEST(racesync::trimValue("   ") == "");
}

BOOST_AUTO_TEST_CASE(lower_cases_and_collapses_white_space) {
  BOOST_TEST(racesync::lowerCollapsed("  ZOË   van der  BERG ") == "zoë van der berg");
}

BOOST_AUTO_TEST_SUITE_END()
