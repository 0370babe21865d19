#include "core/import/header_map.h"

#include <boost/test/unit_test.hpp>

#include <fstream>

#include "core/base/csv_reader.h"
#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::Field;
using racesync::HeaderMap;

namespace {

HeaderMap mapOf(const std::vector<std::string>& headers,
                const std::map<Field, std::string>& overrides = {}) {
  return HeaderMap(headers, overrides, "test.csv:1");
}

// The header row of tests/fixtures/exports/<name>, mapped.
HeaderMap fixtureMap(const std::string& name) {
  std::ifstream in(racesync::test::exportFixture(name), std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "no fixture " << name);
  racesync::CsvReader reader(in);
  std::vector<std::string> headers;
  BOOST_REQUIRE(reader.readHeader(headers));
  return HeaderMap(headers, {}, name + ":1");
}

// The header `field` was taken from, "(none)" when it was not found.
std::string header(const HeaderMap& map, Field field) {
  return map.has(field) ? map.headers()[static_cast<std::size_t>(map.column(field))] : "(none)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(header_map_test)

BOOST_AUTO_TEST_CASE(maps_english_headers) {
  HeaderMap map = mapOf({"Registration ID", "Bib Number", "First Name", "Last Name", "E-Mail",
                         "Distance", "Gender", "Date of Birth", "Age Group", "Club", "Nation"});
  for (int i = 0; i < 12; ++i) {
    Field field = static_cast<Field>(i);
    if (field == Field::kName) {
      BOOST_TEST(!map.has(field));
      continue;
    }
    BOOST_TEST(map.has(field), "field " << racesync::fieldName(field));
  }
  BOOST_TEST(map.column(Field::kBirthDate) == 7);
}

BOOST_AUTO_TEST_CASE(maps_german_french_spanish_and_dutch_headers) {
  HeaderMap german = mapOf({"StartNr", "Vorname", "Nachname", "Geschlecht", "Jahrgang",
                            "Wettbewerb", "Verein", "E-Mail"});
  BOOST_TEST(german.column(Field::kBib) == 0);
  BOOST_TEST(german.column(Field::kLastName) == 2);
  BOOST_TEST(german.column(Field::kBirthDate) == 4);
  BOOST_TEST(german.column(Field::kRace) == 5);
  BOOST_TEST(german.column(Field::kTeam) == 6);
  HeaderMap french = mapOf({"Dossard", "Prénom", "Nom", "Sexe", "Épreuve", "Pays"});
  BOOST_TEST(french.column(Field::kFirstName) == 1);
  BOOST_TEST(french.column(Field::kLastName) == 2);
  BOOST_TEST(french.column(Field::kRace) == 4);
  BOOST_TEST(french.column(Field::kCountry) == 5);
  HeaderMap spanish = mapOf({"Dorsal", "Nombre", "Apellidos", "Sexo", "Fecha de nacimiento"});
  BOOST_TEST(spanish.column(Field::kBib) == 0);
  BOOST_TEST(spanish.column(Field::kFirstName) == 1);
  BOOST_TEST(spanish.column(Field::kBirthDate) == 4);
  HeaderMap dutch = mapOf({"Startnummer", "Voornaam", "Achternaam", "Geslacht", "Geboortedatum"});
  BOOST_TEST(dutch.column(Field::kLastName) == 2);
  BOOST_TEST(dutch.column(Field::kGender) == 3);
}

BOOST_AUTO_TEST_CASE(ignores_case_accents_spaces_underscores_and_hashes) {
  HeaderMap map = mapOf({"BIB #", "first_name", "PRENOM ", "e_mail", "GESCHLECHT"});
  BOOST_TEST(map.column(Field::kBib) == 0);
  BOOST_TEST(map.column(Field::kFirstName) == 1);
  BOOST_TEST(map.column(Field::kEmail) == 3);
  BOOST_TEST(map.column(Field::kGender) == 4);
  BOOST_TEST(mapOf({"Prenom"}).column(Field::kFirstName) == 0);
}

BOOST_AUTO_TEST_CASE(prefers_the_most_specific_id_column) {
  HeaderMap map = mapOf({"Order ID", "Name", "Registration ID"});
  BOOST_TEST(map.column(Field::kId) == 2);
  BOOST_TEST(mapOf({"Order ID", "Name"}).column(Field::kId) == 0);
}

BOOST_AUTO_TEST_CASE(keeps_a_single_name_column_whole) {
  HeaderMap map = mapOf({"Name", "Email"});
  BOOST_TEST(map.column(Field::kName) == 0);
  BOOST_TEST(!map.has(Field::kFirstName));
  BOOST_TEST(!map.has(Field::kLastName));
}

BOOST_AUTO_TEST_CASE(reads_name_beside_vorname_as_the_family_name) {
  HeaderMap map = mapOf({"Vorname", "Name", "Jahrgang"});
  BOOST_TEST(map.column(Field::kFirstName) == 0);
  BOOST_TEST(map.column(Field::kLastName) == 1);
  BOOST_TEST(!map.has(Field::kName));
}

BOOST_AUTO_TEST_CASE(takes_overrides_before_aliases) {
  HeaderMap map = mapOf({"Teilnehmer", "Chip", "Bib"}, {{Field::kBib, "chip"}});
  BOOST_TEST(map.column(Field::kBib) == 1);
  BOOST_TEST(map.column(Field::kName) == 0);
}

BOOST_AUTO_TEST_CASE(refuses_an_override_naming_a_missing_header) {
  try {
    mapOf({"Name", "Bib"}, {{Field::kBib, "Startnummer"}});
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const racesync::ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "test.csv:1: registrations.columns.bib: no column 'Startnummer' in the header "
               "(Name, Bib): name one of these");
  }
}

// Finding 1 of issue 13: these headers mapped to nothing, silently.
BOOST_AUTO_TEST_CASE(participant_email_mail_adresse_and_nummer_were_dropped_silently) {
  HeaderMap eventbrite = mapOf({"Participant Name", "Participant Email", "Ticket Type"});
  BOOST_TEST(eventbrite.column(Field::kEmail) == 1);
  HeaderMap german = mapOf({"Nummer", "Vorname", "Nachname", "Mail-Adresse"});
  BOOST_TEST(german.column(Field::kBib) == 0);
  BOOST_TEST(german.column(Field::kEmail) == 3);
  HeaderMap adresse = mapOf({"Name", "E-Mail-Adresse", "Startnummer"});
  BOOST_TEST(adresse.column(Field::kEmail) == 1);
  BOOST_TEST(adresse.column(Field::kBib) == 2);
  HeaderMap words = mapOf({"Runner Bib", "Athlete First Name", "Athlete Last Name", "Your E-mail"});
  BOOST_TEST(words.column(Field::kBib) == 0);
  BOOST_TEST(words.column(Field::kFirstName) == 1);
  BOOST_TEST(words.column(Field::kLastName) == 2);
  BOOST_TEST(words.column(Field::kEmail) == 3);
}

BOOST_AUTO_TEST_CASE(an_emergency_contact_or_mailing_address_is_never_the_email) {
  HeaderMap map = mapOf({"Name", "Emergency Contact Email", "Mailing Address"});
  BOOST_TEST(!map.has(Field::kEmail));
}

BOOST_AUTO_TEST_CASE(two_columns_competing_for_email_are_an_error_naming_both) {
  try {
    mapOf({"Name", "Runner Email", "Billing Email"});
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const racesync::ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "test.csv:1: columns 'Runner Email' and 'Billing Email' could both be email: "
               "name the right one with registrations.columns.email = Runner Email");
  }
  HeaderMap decided =
      mapOf({"Name", "Participant Email", "Billing Email"}, {{Field::kEmail, "Billing Email"}});
  BOOST_TEST(decided.column(Field::kEmail) == 2);
}

// Issue 13: a field "not found" lists the nearest headers (typos, longer headers), nearest first,
// at most three, and nothing for headers that are nothing alike.
BOOST_AUTO_TEST_CASE(a_field_not_found_lists_the_nearest_headers) {
  HeaderMap map = mapOf({"Nmae", "Mial", "Strt Nr", "Geschlect", "Ticket Type Name", "Phone",
                         "Shirt", "Raec", "Race Category"});
  BOOST_TEST(!map.has(Field::kEmail));
  BOOST_TEST(map.nearestText(Field::kEmail) == "'Mial'");
  BOOST_TEST(map.nearestText(Field::kBib) == "'Strt Nr'");
  BOOST_TEST(map.nearestText(Field::kGender) == "'Geschlect'");
  // Nearest first: a typo before a longer header that holds an alias.
  BOOST_TEST(map.nearestText(Field::kName) == "'Nmae', 'Ticket Type Name'");
  // At most three: 'Raec' is one swap from 'race'.
  std::vector<std::string> race = map.nearest(Field::kRace);
  BOOST_REQUIRE(race.size() == 3u);
  BOOST_TEST(race[0] == "Raec");
  BOOST_TEST(race[1] == "Ticket Type Name");
  BOOST_TEST(map.nearest(Field::kCountry).empty());  // nothing is near: no noise
  std::vector<std::string> lines = map.describe();
  BOOST_TEST(lines[5] == "email: not found; nearest headers: 'Mial'");
  BOOST_TEST(map.summary().find("email (nearest: 'Mial')") != std::string::npos, map.summary());
}

BOOST_AUTO_TEST_CASE(describes_the_mapping_with_unused_headers_and_hints) {
  HeaderMap map =
      mapOf({"Name", "Kontakt-Mail", "Bib Pickup", "Shirt"}, {{Field::kBib, "Bib Pickup"}});
  std::vector<std::string> lines = map.describe();
  BOOST_TEST(lines[0] == "id: not found");
  BOOST_TEST(lines[1] == "bib <- 'Bib Pickup'");
  BOOST_TEST(lines[4] == "name <- 'Name'");
  // A contact's address is never taken, but it is the header nearest to email.
  BOOST_TEST(lines[5] == "email: not found; nearest headers: 'Kontakt-Mail'");
  BOOST_TEST(lines[12] == "language: not found");
  BOOST_TEST(lines[13] == "unused: Kontakt-Mail, Shirt");
  BOOST_TEST(map.summary() ==
             "bib <- 'Bib Pickup', name <- 'Name'; not found: id, first_name, last_name, email "
             "(nearest: 'Kontakt-Mail'), race, gender, birth_date, age_group, team, country, "
             "language; "
             "unused: Kontakt-Mail, Shirt");
  HeaderMap hinted = mapOf({"Name", "Post", "Mail (privat) 2"});
  // "Mail (privat) 2" is taken by its word; a second mail-like column would be a conflict.
  BOOST_TEST(hinted.column(Field::kEmail) == 2);
  HeaderMap numbered = mapOf({"Name", "Laufnummer", "Mail"});
  BOOST_TEST(numbered.column(Field::kEmail) == 2);
  BOOST_REQUIRE(numbered.hints().size() == 1u);
  BOOST_TEST(numbered.hints()[0] ==
             "'Laufnummer' looks like bib but was not recognised: set "
             "registrations.columns.bib = Laufnummer");
}

// Issue 13: the header rows of real exports (tests/fixtures/exports) map as the issue expects.
BOOST_AUTO_TEST_CASE(attendee_number_is_the_id_and_an_order_id_is_marked_as_shared) {
  HeaderMap eventbrite = fixtureMap("eventbrite-attendees.csv");
  BOOST_TEST(header(eventbrite, Field::kId) == "Attendee #");
  BOOST_TEST(!eventbrite.idIsOrder());
  BOOST_TEST(header(eventbrite, Field::kRace) == "Ticket Type");
  BOOST_TEST(header(eventbrite, Field::kEmail) == "Email");
  BOOST_TEST(header(eventbrite, Field::kFirstName) == "First Name");
  BOOST_TEST(header(eventbrite, Field::kLastName) == "Last Name");
  BOOST_TEST(!eventbrite.has(Field::kBib));
  HeaderMap bikereg = fixtureMap("bikereg-orders.csv");
  BOOST_TEST(header(bikereg, Field::kId) == "Order Number");
  BOOST_TEST(bikereg.idIsOrder());
}

BOOST_AUTO_TEST_CASE(maps_the_headers_of_real_exports) {
  HeaderMap runsignup = fixtureMap("runsignup-participants.csv");
  BOOST_TEST(header(runsignup, Field::kId) == "Registration ID");
  BOOST_TEST(header(runsignup, Field::kRace) == "Event");
  BOOST_TEST(header(runsignup, Field::kBib) == "Bib");
  BOOST_TEST(header(runsignup, Field::kEmail) == "E-mail");
  BOOST_TEST(header(runsignup, Field::kBirthDate) == "DOB");
  BOOST_TEST(header(runsignup, Field::kTeam) == "Team Name");
  BOOST_TEST(header(runsignup, Field::kCountry) == "Country");

  HeaderMap ultra = fixtureMap("ultrasignup.csv");
  BOOST_TEST(header(ultra, Field::kId) == "Order_ID");
  BOOST_TEST(ultra.idIsOrder());
  BOOST_TEST(header(ultra, Field::kRace) == "distance");
  BOOST_TEST(header(ultra, Field::kFirstName) == "First_Name");
  BOOST_TEST(header(ultra, Field::kEmail) == "Email");
  BOOST_TEST(header(ultra, Field::kBib) == "Bib");
  BOOST_TEST(header(ultra, Field::kGender) == "gender");
  BOOST_TEST(header(ultra, Field::kBirthDate) == "DOB");
  BOOST_TEST(header(ultra, Field::kTeam) == "team_name");

  // BikeReg's race column holds merchandise too: it is no alias (neither is taken as age_group),
  // so it is named in the configuration (registrations.columns.race).
  HeaderMap bikereg = fixtureMap("bikereg-orders.csv");
  BOOST_TEST(header(bikereg, Field::kBib) == "Race Number");
  BOOST_TEST(header(bikereg, Field::kBirthDate) == "Date of Birth");
  BOOST_TEST(!bikereg.has(Field::kRace));
  BOOST_TEST(!bikereg.has(Field::kAgeGroup));

  HeaderMap raceresult = fixtureMap("raceresult-fields.csv");
  const std::vector<std::pair<Field, std::string>> expected = {{Field::kId, "ID"},
                                                               {Field::kBib, "Bib"},
                                                               {Field::kFirstName, "FirstName"},
                                                               {Field::kLastName, "LastName"},
                                                               {Field::kGender, "Sex"},
                                                               {Field::kEmail, "Email"},
                                                               {Field::kRace, "Contest.Name"},
                                                               {Field::kTeam, "Club"},
                                                               {Field::kCountry, "Nation.IOC"},
                                                               {Field::kBirthDate, "DateOfBirth"}};
  for (const auto& [field, name] : expected) {
    BOOST_TEST(header(raceresult, field) == name, "field " << racesync::fieldName(field));
  }
}

BOOST_AUTO_TEST_SUITE_END()
