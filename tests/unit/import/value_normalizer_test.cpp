#include "core/import/value_normalizer.h"

#include <boost/test/unit_test.hpp>

using racesync::DateOrder;
using racesync::normalizeBirthDate;
using racesync::normalizeGender;

BOOST_AUTO_TEST_SUITE(value_normalizer_test)

BOOST_AUTO_TEST_CASE(keeps_bibs_as_text_and_treats_zero_as_none) {
  BOOST_TEST(racesync::normalizeBib(" 001 ") == "001");
  BOOST_TEST(racesync::normalizeBib("A12") == "A12");
  BOOST_TEST(racesync::normalizeBib("0") == "");
  BOOST_TEST(racesync::normalizeBib("000") == "");
  BOOST_TEST(racesync::normalizeBib("") == "");
}

BOOST_AUTO_TEST_CASE(normalises_genders_in_five_languages) {
  for (const char* female :
       {"F", "w", "female", "Damen", "Mujer", "Femme", "Vrouw", "V", "weiblich"}) {
    BOOST_TEST(normalizeGender(female).value_or("?") == "female", female);
  }
  for (const char* male : {"M", "h", "Male", "HERREN", "Hombre", "Homme", "Man", "männlich"}) {
    BOOST_TEST(normalizeGender(male).value_or("?") == "male", male);
  }
  for (const char* other : {"X", "D", "divers", "non-binary", "Other"}) {
    BOOST_TEST(normalizeGender(other).value_or("?") == "other", other);
  }
  BOOST_TEST(normalizeGender(" ").value_or("?") == "");
  BOOST_TEST(!normalizeGender("Q").has_value());
}

BOOST_AUTO_TEST_CASE(reads_iso_german_and_slashed_dates) {
  auto dmy = DateOrder::kDayMonthYear;
  BOOST_TEST(normalizeBirthDate("1990-03-12", dmy).value_or("?") == "1990-03-12");
  BOOST_TEST(normalizeBirthDate("1990-03-12 00:00:00", dmy).value_or("?") == "1990-03-12");
  BOOST_TEST(normalizeBirthDate("1990-03-12T00:00:00Z", dmy).value_or("?") == "1990-03-12");
  BOOST_TEST(normalizeBirthDate("12.03.1990", dmy).value_or("?") == "1990-03-12");
  BOOST_TEST(normalizeBirthDate("2.3.1990", dmy).value_or("?") == "1990-03-02");
  BOOST_TEST(normalizeBirthDate("29/02/2000", dmy).value_or("?") == "2000-02-29");
  BOOST_TEST(normalizeBirthDate("1990/03/12", dmy).value_or("?") == "1990-03-12");
}

BOOST_AUTO_TEST_CASE(uses_the_date_order_only_when_a_date_is_ambiguous) {
  BOOST_TEST(normalizeBirthDate("03/04/1990", DateOrder::kDayMonthYear).value_or("?") ==
             "1990-04-03");
  BOOST_TEST(normalizeBirthDate("03/04/1990", DateOrder::kMonthDayYear).value_or("?") ==
             "1990-03-04");
  BOOST_TEST(normalizeBirthDate("12/31/1990", DateOrder::kDayMonthYear).value_or("?") ==
             "1990-12-31");
  BOOST_TEST(normalizeBirthDate("31/12/1990", DateOrder::kMonthDayYear).value_or("?") ==
             "1990-12-31");
}

BOOST_AUTO_TEST_CASE(keeps_a_year_alone_and_drops_placeholder_dates) {
  BOOST_TEST(normalizeBirthDate("1985", DateOrder::kDayMonthYear).value_or("?") == "1985");
  BOOST_TEST(normalizeBirthDate("1899-12-30", DateOrder::kDayMonthYear).value_or("?") == "");
  BOOST_TEST(normalizeBirthDate("0001-01-01", DateOrder::kDayMonthYear).value_or("?") == "");
  BOOST_TEST(normalizeBirthDate("", DateOrder::kDayMonthYear).value_or("?") == "");
}

BOOST_AUTO_TEST_CASE(refuses_dates_that_do_not_exist) {
  for (const char* bad : {"31.02.1990", "29.02.2001", "1990-13-01", "12.03.90", "yesterday",
                          "12/03", "1850", "00.00.0000", "12..1990"}) {
    BOOST_TEST(!normalizeBirthDate(bad, DateOrder::kDayMonthYear).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(reads_languages_as_codes_or_names) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"de", "de"},      {"DE", "de"},         {"de-AT", "de"},
      {"de_CH", "de"},   {"Deutsch", "de"},    {"German", "de"},
      {"english", "en"}, {"en-GB", "en"},      {"Français", "fr"},
      {"Español", "es"}, {"Nederlands", "nl"}, {"", ""},
      {"Klingon", ""},   {"deu", ""},          {"d", ""},
      {"ü1", ""}};
  for (const auto& [value, code] : cases) {
    BOOST_TEST(racesync::normalizeLanguage(value) == code, value);
  }
}

BOOST_AUTO_TEST_CASE(checks_email_addresses) {
  for (const char* good : {"anna@example.com", "o'brien+run@mail.example.ie", "a.b@x.co"}) {
    BOOST_TEST(racesync::isPlausibleEmail(good), good);
  }
  for (const char* bad :
       {"anna", "anna@", "@example.com", "anna@example", "a b@example.com", "a@b@example.com",
        "a@example.com; b@example.com", "a.@example.com", "a@example..com", "a@example.c"}) {
    BOOST_TEST(!racesync::isPlausibleEmail(bad), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
