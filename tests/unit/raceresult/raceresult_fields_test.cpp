#include "core/raceresult/raceresult_fields.h"

#include <boost/test/unit_test.hpp>

#include "core/config/settings.h"

using namespace racesync;

namespace {

RaceResultCell number(const std::string& text) {
  return RaceResultCell{RaceResultCell::Kind::kNumber, text};
}
RaceResultCell string(const std::string& text) {
  return RaceResultCell{RaceResultCell::Kind::kString, text};
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::string configErrorOf(const std::string& ini) {
  try {
    RaceResultFields::fromSettings(Settings::fromString(ini));
  } catch (const ConfigurationError& e) {
    return e.message();
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(raceresult_fields_test)

BOOST_AUTO_TEST_CASE(asks_for_the_contract_fields_by_default) {
  RaceResultFields fields = RaceResultFields::fromSettings(Settings::fromString(""));
  BOOST_TEST(joined(fields.request()) ==
             "ID,Bib,FirstName,LastName,Email,Contest.Name,Sex,DateOfBirth,Club,Nation.IOC");
  BOOST_TEST(joined(RaceResultFields::defaults().request()) == joined(fields.request()));
  BOOST_TEST(fields.sourceOf("team") == "Club");
  BOOST_TEST(fields.sourceOf("name").empty());
}

BOOST_AUTO_TEST_CASE(maps_a_field_to_the_events_own_name) {
  RaceResultFields fields = RaceResultFields::fromSettings(
      Settings::fromString("raceresult.fields.team = ATF1\nraceresult.fields.gender = Gender\n"
                           "raceresult.fields.age_group = AgeGroup1.Name\n"));
  BOOST_TEST(joined(fields.request()) ==
             "ID,Bib,FirstName,LastName,Email,Contest.Name,Gender,"
             "DateOfBirth,AgeGroup1.Name,ATF1,Nation.IOC");
  auto values =
      fields.map({number("7"), number("12"), string("Ann"), string("Lee"),
                  string("ann@example.org"), string("10 km"), string("f"), string("1990-05-01"),
                  string("W30"), string("Lauftreff"), string("GER")});
  BOOST_TEST(values["team"] == "Lauftreff");
  BOOST_TEST(values["gender"] == "f");
  BOOST_TEST(values["age_group"] == "W30");
  BOOST_TEST(values["country"] == "GER");
}

BOOST_AUTO_TEST_CASE(reads_the_language_from_the_field_the_configuration_names) {
  // RACE RESULT has no standard language field: none is asked for unless one is named.
  BOOST_TEST(RaceResultFields::defaults().sourceOf("language").empty());
  RaceResultFields fields =
      RaceResultFields::fromSettings(Settings::fromString("raceresult.fields.language = ATF2\n"));
  BOOST_TEST(joined(fields.request()) ==
             "ID,Bib,FirstName,LastName,Email,Contest.Name,Sex,DateOfBirth,Club,Nation.IOC,ATF2");
  auto values =
      fields.map({number("7"), number("12"), string("Ann"), string("Lee"),
                  string("ann@example.org"), string("10 km"), string("f"), string("1990-05-01"),
                  string("Lauftreff"), string("GER"), string("de")});
  BOOST_TEST(values["language"] == "de");
}

BOOST_AUTO_TEST_CASE(an_empty_mapping_stops_reading_that_field) {
  RaceResultFields fields =
      RaceResultFields::fromSettings(Settings::fromString("raceresult.fields.email =\n"));
  BOOST_TEST(joined(fields.request()) ==
             "ID,Bib,FirstName,LastName,Contest.Name,Sex,DateOfBirth,Club,Nation.IOC");
  BOOST_TEST(fields.map({number("1")}).count("email") == 0);
}

BOOST_AUTO_TEST_CASE(a_full_list_is_asked_for_exactly) {
  RaceResultFields fields = RaceResultFields::fromSettings(
      Settings::fromString("raceresult.fields = ID, Bib, FirstName, LastName, Extra\n"
                           "raceresult.fields.email =\nraceresult.fields.race =\n"
                           "raceresult.fields.gender =\nraceresult.fields.birth_date =\n"
                           "raceresult.fields.team =\nraceresult.fields.country =\n"));
  BOOST_TEST(joined(fields.request()) == "ID,Bib,FirstName,LastName,Extra");
  auto values = fields.map({number("5"), number("9"), string("Bo"), string("Berg"), string("x")});
  BOOST_TEST(values.size() == 4u);
  BOOST_TEST(values["last_name"] == "Berg");
}

BOOST_AUTO_TEST_CASE(rejects_a_mapped_field_missing_from_the_full_list) {
  BOOST_TEST(configErrorOf("raceresult.fields = ID, Bib\n") ==
             "configuration: raceresult.fields: 'FirstName' (read as first_name) is not in the "
             "list: add it, or map first_name to a listed field with raceresult.fields.first_name");
}

BOOST_AUTO_TEST_CASE(rejects_unknown_fields_and_a_missing_id) {
  BOOST_TEST(configErrorOf("raceresult.fields.shoe_size = Shoe\n") ==
             "configuration: raceresult.fields.shoe_size: unknown field 'shoe_size': choose from "
             "id, bib, first_name, last_name, name, email, race, gender, birth_date, age_group, "
             "team, country, language");
  BOOST_TEST(configErrorOf("raceresult.fields.id =\n") ==
             "configuration: raceresult.fields.id: the registration id needs a RACE RESULT "
             "field: leave it out to use 'ID'");
}

BOOST_AUTO_TEST_CASE(numbers_and_strings_give_the_same_values) {
  RaceResultFields fields = RaceResultFields::defaults();
  auto fromNumbers = fields.map({number("1234"), number("42")});
  auto fromStrings = fields.map({string("1234"), string("42")});
  BOOST_TEST(fromNumbers["id"] == "1234");
  BOOST_TEST(fromNumbers["bib"] == "42");
  BOOST_TEST((fromNumbers == fromStrings));
}

BOOST_AUTO_TEST_CASE(bib_0_means_no_bib) {
  RaceResultFields fields = RaceResultFields::defaults();
  BOOST_TEST(fields.map({number("1"), number("0")})["bib"] == "");
  BOOST_TEST(fields.map({number("1"), string("0")})["bib"] == "");
  BOOST_TEST(fields.map({number("1"), string("")})["bib"] == "");
  BOOST_TEST(fields.map({number("1"), number("10")})["bib"] == "10");
}

BOOST_AUTO_TEST_CASE(a_short_row_gives_empty_values) {
  auto values = RaceResultFields::defaults().map({number("3"), number("8"), string("Al")});
  BOOST_TEST(values["first_name"] == "Al");
  BOOST_TEST(values["last_name"] == "");
  BOOST_TEST(values["country"] == "");
}

BOOST_AUTO_TEST_CASE(reads_the_three_date_formats) {
  BOOST_TEST(raceResultDate("1990-05-01") == "1990-05-01");
  BOOST_TEST(raceResultDate("1990-05-01 00:00:00") == "1990-05-01");
  BOOST_TEST(raceResultDate("1990-05-01T00:00:00Z") == "1990-05-01");
  BOOST_TEST(raceResultDate("1990-05-01T00:00:00.000+02:00") == "1990-05-01");
  // The date as written: an offset never moves a birthday to the day before.
  BOOST_TEST(raceResultDate("1990-05-01T00:30:00+14:00") == "1990-05-01");
  BOOST_TEST(raceResultDate(" 1990-05-01 ") == "1990-05-01");
}

BOOST_AUTO_TEST_CASE(the_no_date_values_are_empty) {
  BOOST_TEST(raceResultDate("1899-12-30") == "");
  BOOST_TEST(raceResultDate("1899-12-30 00:00:00") == "");
  BOOST_TEST(raceResultDate("0001-01-01") == "");
  BOOST_TEST(raceResultDate("0001-01-01T00:00:00Z") == "");
  BOOST_TEST(raceResultDate("") == "");
  RaceResultFields fields = RaceResultFields::defaults();
  RaceResultRow row(10, string(""));
  row[0] = number("1");
  row[7] = string("1899-12-30");
  BOOST_TEST(fields.map(row)["birth_date"] == "");
}

BOOST_AUTO_TEST_CASE(passes_other_dates_on_unchanged) {
  BOOST_TEST(raceResultDate("01.05.1990") == "01.05.1990");
  BOOST_TEST(raceResultDate("1990-05-01T25") == "1990-05-01T25");
  BOOST_TEST(raceResultDate("1990-05-01 00:00:00Z") == "1990-05-01 00:00:00Z");
  BOOST_TEST(raceResultDate("1990") == "1990");
}

BOOST_AUTO_TEST_CASE(places_a_row_by_its_id) {
  BOOST_TEST(raceResultPlace("1234", 3) == "raceresult:ID 1234");
  BOOST_TEST(raceResultPlace("", 3) == "raceresult:row 3");
}

BOOST_AUTO_TEST_SUITE_END()
