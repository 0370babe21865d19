#include "core/import/header_map.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"

using racesync::Field;
using racesync::HeaderMap;

namespace {

HeaderMap mapOf(const std::vector<std::string>& headers,
                const std::map<Field, std::string>& overrides = {}) {
  return HeaderMap(headers, overrides, "test.csv:1");
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

BOOST_AUTO_TEST_SUITE_END()
