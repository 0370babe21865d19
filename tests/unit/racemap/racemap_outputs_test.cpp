#include "core/racemap/racemap_outputs.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

using racesync::RegistrantLink;

namespace {

RegistrantLink registrant(const std::string& id, const std::string& bib, const std::string& name,
                          const std::string& key, const std::string& status = "active") {
  RegistrantLink r;
  r.id = id;
  r.bib = bib;
  r.name = name;
  r.firstName = name.substr(0, name.find(' '));
  r.lastName = name.find(' ') == std::string::npos ? "" : name.substr(name.find(' ') + 1);
  r.email = id + "@example.org";
  r.race = "10 km";
  r.status = racesync::parseRegistrantStatus(status);
  r.key = key;
  if (!key.empty()) {
    r.link = "https://racemap.app/redeem_key?key=" + key;
    r.qrFile = "qr/" + (bib.empty() ? id : bib) + ".png";
    r.qrLink = r.link;
  }
  return r;
}

const std::vector<RegistrantLink> kRegistrants = {
    registrant("R1", "42", "Ana \"Speedy\" López", "K84N2S"),
    registrant("R2", "", "=cmd|' /C calc'!A0", "ABC123"),
    registrant("R3", "7", "Withdrawn Walker", "XYZ789", "withdrawn"),
    registrant("R4", "8", "No Key", ""),
};

}  // namespace

BOOST_AUTO_TEST_SUITE(racemap_outputs_test)

BOOST_AUTO_TEST_CASE(writes_every_registrant_to_links_csv) {
  const std::string csv = racesync::linksCsv(kRegistrants);
  BOOST_TEST(csv.rfind("registration_id,bib,first_name,last_name,email,race,key,link,qr_file,"
                       "status\r\n",
                       0) == 0u);
  BOOST_TEST(csv.find("R3,7,Withdrawn,Walker,R3@example.org,10 km,XYZ789,"
                      "https://racemap.app/redeem_key?key=XYZ789,qr/7.png,withdrawn\r\n") !=
             std::string::npos);
  BOOST_TEST(csv.find("R4,8,No,Key,R4@example.org,10 km,,,,active\r\n") != std::string::npos);
  BOOST_TEST(csv.find("R2,,'=cmd|',") != std::string::npos);  // formula neutralised
}

// Finding 10 of issue 13: links.csv opened as one mangled column in a German Excel.
BOOST_AUTO_TEST_CASE(links_csv_was_one_mangled_column_in_german_excel) {
  const std::string csv = racesync::linksCsv(kRegistrants, racesync::CsvDialect::kExcel);
  BOOST_TEST(csv.rfind("\xEF\xBB\xBFregistration_id;bib;first_name;last_name;email;race;key;link;"
                       "qr_file;status\r\n",
                       0) == 0u);
  BOOST_TEST(csv.find("R4;8;No;Key;R4@example.org;10 km;;;;active\r\n") != std::string::npos);
  BOOST_TEST(csv.find('\n') == csv.find("\r\n") + 1);  // CRLF
}

// Issue 13: the excel dialect's separator follows out.csv_locale (';' by default, as in de).
BOOST_AUTO_TEST_CASE(excel_links_csv_takes_the_separator_of_the_locale) {
  BOOST_TEST(racesync::excelListSeparator("de") == ';');
  BOOST_TEST(racesync::excelListSeparator("fr") == ';');
  BOOST_TEST(racesync::excelListSeparator("nl") == ';');
  BOOST_TEST(racesync::excelListSeparator("en") == ',');
  BOOST_TEST(racesync::excelListSeparator("EN-us") == ',');
  BOOST_TEST(racesync::excelListSeparator("ja") == ',');
  const std::string csv = racesync::linksCsv(kRegistrants, racesync::CsvDialect::kExcel,
                                             racesync::excelListSeparator("en"));
  BOOST_TEST(csv.rfind("\xEF\xBB\xBFregistration_id,bib,first_name,last_name,email,race,key,link,"
                       "qr_file,status\r\n",
                       0) == 0u);
  BOOST_TEST(csv.find("R4,8,No,Key,R4@example.org,10 km,,,,active\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(leaves_qr_file_empty_when_the_file_is_stale) {
  RegistrantLink stale = registrant("R1", "42", "Ana", "K84N2S");
  stale.qrLink = "https://racemap.app/redeem_key?key=OLD123";
  const std::string csv = racesync::linksCsv({stale});
  BOOST_TEST(csv.find("K84N2S,https://racemap.app/redeem_key?key=K84N2S,,active") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(writes_the_import_json_as_a_flat_array_of_active_registrants) {
  const std::string json = racesync::racemapImportJson(kRegistrants);
  Poco::JSON::Parser parser;
  auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
  BOOST_REQUIRE(array->size() == 2u);
  auto first = array->getObject(0);
  BOOST_TEST(first->getValue<std::string>("importId") == "R1");
  BOOST_TEST(first->getValue<std::string>("name") == "Ana \"Speedy\" López");
  BOOST_TEST(first->getValue<std::string>("startNumber") == "42");
  BOOST_TEST(first->getValue<std::string>("key") == "K84N2S");
  BOOST_TEST(first->getValue<std::string>("tags.race") == "10 km");
  BOOST_TEST(array->getObject(1)->getValue<std::string>("startNumber") == "");
  BOOST_TEST(json.find("\"importId\": \"R1\", \"name\"") != std::string::npos);  // field order
}

BOOST_AUTO_TEST_CASE(writes_an_empty_array_when_nobody_has_a_key) {
  BOOST_TEST(racesync::racemapImportJson({registrant("R4", "8", "No Key", "")}) == "[]\n");
}

BOOST_AUTO_TEST_CASE(writes_the_import_csv_with_semicolons_and_tags) {
  const std::string csv = racesync::racemapImportCsv(kRegistrants);
  BOOST_TEST(csv ==
             "startnumber;name;key;tags\r\n"
             "42;\"Ana \"\"Speedy\"\" López\";K84N2S;race: 10 km\r\n"
             ";'=cmd|' /C calc'!A0;ABC123;race: 10 km\r\n");
}

BOOST_AUTO_TEST_CASE(plans_the_three_files_in_order_with_their_counts) {
  const racesync::RacemapFiles plan = racesync::planRacemapFiles(kRegistrants);
  BOOST_REQUIRE(plan.files.size() == 3u);
  BOOST_TEST(plan.files[0].first == "links.csv");
  BOOST_TEST(plan.files[0].second == racesync::linksCsv(kRegistrants));
  BOOST_TEST(plan.files[1].first == "racemap-import.json");
  BOOST_TEST(plan.files[2].first == "racemap-import.csv");
  BOOST_TEST(plan.rows == static_cast<long long>(kRegistrants.size()));
  BOOST_TEST(plan.importStarters == 2);
}

// What broke at scale: the racemap step held every registrant (and Poco's RecordSet of them) beside
// the three files, 87 MiB at 50,000 registrants. The builder takes them one at a time and must
// write byte for byte what the whole-list functions write, in both dialects.
BOOST_AUTO_TEST_CASE(racemap_files_built_one_registrant_at_a_time_match_the_whole_list) {
  for (auto dialect : {racesync::CsvDialect::kStandard, racesync::CsvDialect::kExcel}) {
    racesync::RacemapFilesBuilder builder(dialect, ',');
    for (const auto& r : kRegistrants) builder.add(r);
    const racesync::RacemapFiles built = builder.finish();
    BOOST_REQUIRE(built.files.size() == 3u);
    BOOST_TEST(built.files[0].second == racesync::linksCsv(kRegistrants, dialect, ','));
    BOOST_TEST(built.files[1].second == racesync::racemapImportJson(kRegistrants));
    BOOST_TEST(built.files[2].second == racesync::racemapImportCsv(kRegistrants));
    BOOST_TEST(built.rows == 4);
    BOOST_TEST(built.importStarters == 2);
  }
  racesync::RacemapFilesBuilder empty;
  BOOST_TEST(empty.finish().files[1].second == "[]\n");
}

BOOST_AUTO_TEST_SUITE_END()
