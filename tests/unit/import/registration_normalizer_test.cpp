#include "core/import/registration_normalizer.h"

#include <boost/test/unit_test.hpp>

using racesync::Field;
using racesync::Problem;
using racesync::RawRegistration;
using racesync::Registration;
using racesync::RegistrationNormalizer;

namespace {

RawRegistration raw(std::initializer_list<std::pair<Field, std::string>> values, int line = 7) {
  RawRegistration row;
  for (const auto& [field, value] : values) row[field] = value;
  row.source = "registrations.csv";
  row.line = line;
  row.place = "registrations.csv:" + std::to_string(line);
  return row;
}

struct Normalized {
  bool importable;
  Registration registration;
  std::vector<Problem> problems;
};

Normalized normalize(const RawRegistration& row, racesync::NormalizerOptions options = {}) {
  Normalized result;
  RegistrationNormalizer normalizer(options);
  result.importable = normalizer.normalize(row, result.registration, result.problems);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registration_normalizer_test)

BOOST_AUTO_TEST_CASE(trims_values_and_builds_the_display_name) {
  auto result = normalize(raw({{Field::kFirstName, " Zoë "},
                               {Field::kLastName, "van der Berg "},
                               {Field::kBib, " 007"},
                               {Field::kGender, "W"},
                               {Field::kBirthDate, "01.02.1990"},
                               {Field::kTeam, " LG Nord "}}));
  BOOST_TEST(result.importable);
  BOOST_TEST(result.problems.empty());
  const Registration& r = result.registration;
  BOOST_TEST(r.name == "Zoë van der Berg");
  BOOST_TEST(r.firstName == "Zoë");
  BOOST_TEST(r.bib == "007");
  BOOST_TEST(r.gender == "female");
  BOOST_TEST(r.birthDate == "1990-02-01");
  BOOST_TEST(r.team == "LG Nord");
  BOOST_TEST(r.place == "registrations.csv:7");
}

// Finding 3 of issue 13: a Name column left first_name and last_name empty in links.csv.
BOOST_AUTO_TEST_CASE(a_single_name_column_left_first_and_last_name_empty) {
  auto result = normalize(raw({{Field::kName, "Maria de la Cruz"}}));
  BOOST_TEST(result.registration.name == "Maria de la Cruz");
  BOOST_TEST(result.registration.firstName == "Maria");  // as the RaceRanger push splits it
  BOOST_TEST(result.registration.lastName == "de la Cruz");
  auto comma = normalize(raw({{Field::kName, "Muster, Anna"}}));
  BOOST_TEST(comma.registration.name == "Muster, Anna");
  BOOST_TEST(comma.registration.firstName == "Anna");
  BOOST_TEST(comma.registration.lastName == "Muster");
}

BOOST_AUTO_TEST_CASE(uses_the_id_column_when_there_is_one) {
  auto result = normalize(raw({{Field::kId, " R-1001 "}, {Field::kName, "Anna"}}));
  BOOST_TEST(result.registration.id == "R-1001");
  BOOST_TEST(!result.registration.derivedId);
}

BOOST_AUTO_TEST_CASE(derives_a_stable_id_that_ignores_bib_case_and_spacing) {
  auto first = normalize(raw({{Field::kFirstName, "Anna"},
                              {Field::kLastName, "Muster"},
                              {Field::kEmail, "Anna@Example.com"},
                              {Field::kBirthDate, "12.03.1990"},
                              {Field::kBib, "12"}}));
  auto again = normalize(raw({{Field::kName, "ANNA  MUSTER"},
                              {Field::kEmail, "anna@example.com"},
                              {Field::kBirthDate, "1990-03-12"},
                              {Field::kBib, "99"}},
                             40));
  BOOST_TEST(first.registration.derivedId);
  BOOST_TEST(first.registration.id.substr(0, 2) == "h-");
  BOOST_TEST(first.registration.id.size() == 18u);
  BOOST_TEST(first.registration.id == again.registration.id);
}

BOOST_AUTO_TEST_CASE(gives_family_members_sharing_an_email_their_own_ids) {
  auto mother =
      normalize(raw({{Field::kName, "Eva Smith"}, {Field::kEmail, "smiths@example.com"}}));
  auto child = normalize(raw({{Field::kName, "Tom Smith"}, {Field::kEmail, "smiths@example.com"}}));
  BOOST_TEST(mother.registration.id != child.registration.id);
}

BOOST_AUTO_TEST_CASE(does_not_import_a_row_without_a_name) {
  auto result = normalize(raw({{Field::kId, "17"}, {Field::kEmail, "x@example.com"}}, 12));
  BOOST_TEST(!result.importable);
  BOOST_TEST(result.registration.id == "17");
  BOOST_REQUIRE(result.problems.size() == 1u);
  BOOST_TEST(result.problems[0].code == "missing_name");
  BOOST_TEST(result.problems[0].message ==
             "registrations.csv:12: no name: the row is not imported");
  BOOST_TEST(result.problems[0].line == 12);
  BOOST_TEST(result.problems[0].step == "import");
}

BOOST_AUTO_TEST_CASE(reports_bad_dates_emails_and_genders_and_marks_them_invalid) {
  auto result = normalize(raw({{Field::kName, "Pat"},
                               {Field::kBirthDate, "31.02.1990"},
                               {Field::kEmail, "pat(at)example.com"},
                               {Field::kGender, "Q"}}));
  BOOST_TEST(result.importable);
  BOOST_REQUIRE(result.problems.size() == 3u);
  BOOST_TEST(result.problems[0].message ==
             "registrations.csv:7: birth date '31.02.1990' is not a date");
  BOOST_TEST(result.problems[0].hint == "write it as YYYY-MM-DD, DD.MM.YYYY or the year alone");
  BOOST_TEST(result.problems[1].message ==
             "registrations.csv:7: email 'pat(at)example.com' is not an address");
  BOOST_TEST(result.problems[2].message == "registrations.csv:7: gender 'Q' is not known");
  BOOST_TEST(result.registration.birthDate == "");
  BOOST_TEST(result.registration.invalid.test(static_cast<std::size_t>(Field::kBirthDate)));
  BOOST_TEST(result.registration.invalid.test(static_cast<std::size_t>(Field::kEmail)));
}

BOOST_AUTO_TEST_CASE(checks_races_against_the_configured_ones) {
  racesync::NormalizerOptions options;
  options.knownRaces = {"Marathon", "Half Marathon"};
  auto known = normalize(raw({{Field::kName, "A"}, {Field::kRace, "half-marathon"}}), options);
  BOOST_TEST(known.problems.empty());
  BOOST_TEST(known.registration.race == "Half Marathon");
  auto unknown = normalize(raw({{Field::kName, "A"}, {Field::kRace, "Ultra"}}), options);
  BOOST_TEST(unknown.importable);
  BOOST_REQUIRE(unknown.problems.size() == 1u);
  BOOST_TEST(unknown.problems[0].code == "unknown_race");
  BOOST_TEST(unknown.problems[0].message ==
             "registrations.csv:7: race 'Ultra' is not one of the configured races (Marathon, "
             "Half Marathon)");
  BOOST_TEST(unknown.registration.race == "Ultra");
  auto any = normalize(raw({{Field::kName, "A"}, {Field::kRace, "Ultra"}}));
  BOOST_TEST(any.problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()
