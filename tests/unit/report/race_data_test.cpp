#include "core/report/race_data.h"

#include <Poco/Data/Session.h>

#include <map>

#include <boost/test/unit_test.hpp>

#include "core/report/registrant_rows.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using Poco::Data::Keywords::now;
using namespace racesync;

namespace {

void add(StateStore& store, const std::string& id, const std::string& bib, const std::string& name,
         const std::string& email, const std::string& race, const std::string& status = "active") {
  store.session() << "INSERT INTO registrants (id, bib, name, first_name, email, race, status) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
      Poco::Data::Keywords::useRef(id), Poco::Data::Keywords::useRef(bib),
      Poco::Data::Keywords::useRef(name), Poco::Data::Keywords::useRef(name),
      Poco::Data::Keywords::useRef(email), Poco::Data::Keywords::useRef(race),
      Poco::Data::Keywords::useRef(status), now;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(race_data_test)

BOOST_AUTO_TEST_CASE(a_row_is_js_escaped_so_no_name_can_end_the_script) {
  RegistrantRow row;
  row.id = "r\"1";
  row.name = "</script><script>alert(1)</script>\xE2\x80\xA8";
  row.email = "a@b.c";
  row.withdrawn = true;
  row.mailError = "550 no such user\r\n";
  std::string js = raceDataRow(row);
  BOOST_TEST(js ==
             "[\"r\\\"1\",\"\",\"\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)"
             "\\u003C/script\\u003E\\u2028\",\"a@b.c\",1,\"\",\"\",\"\",\"\",\"\","
             "\"550 no such user\\u000D\\u000A\"]");
}

BOOST_AUTO_TEST_CASE(rows_go_race_by_race_in_bib_order_with_counts) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  add(store, "a", "10", "Ten", "t@x.org", "10K");
  add(store, "b", "9", "Nine", "", "10K");
  add(store, "c", "", "Nobib", "n@x.org", "10K");
  add(store, "d", "1", "Gone", "", "10K", "withdrawn");
  add(store, "e", "5", "Half", "h@x.org", "Half Marathon");
  ReportData data = writeRaceData(store, dir.path(), 100);
  BOOST_TEST_REQUIRE(data.races.size() == 2u);
  const RaceData& tenK = data.races[0];
  BOOST_TEST(tenK.name == "10K");
  BOOST_TEST(tenK.active == 3);
  BOOST_TEST(tenK.withdrawn == 1);
  BOOST_TEST(tenK.noEmail == 1);  // the withdrawn one does not count
  BOOST_TEST(tenK.noBib == 1);
  BOOST_TEST(data.races[1].csvFile == "report-data/races/Half-Marathon.csv");
  std::string js = racesync::test::readFile(dir.file("report-data/race-0.js"));
  std::size_t nine = js.find("\"Nine\""), ten = js.find("\"Ten\""), none = js.find("\"Nobib\"");
  std::size_t gone = js.find("\"Gone\"");
  BOOST_TEST((nine < ten && ten < none && none < gone));
  BOOST_TEST(data.noEmailTotal == 1);
  BOOST_TEST(data.noBib.at(0).name == "Nobib");
}

BOOST_AUTO_TEST_CASE(a_mail_still_sending_reads_in_doubt) {
  StateStore store(":memory:");
  add(store, "a", "1", "Ada", "a@x.org", "10K");
  add(store, "b", "2", "Bo", "b@x.org", "10K");
  store.session() << "INSERT INTO links (registration_id, key, link) VALUES "
                     "('a', 'AAAAAA', 'L1'), ('b', 'BBBBBB', 'L2')",
      now;
  store.session() << "INSERT INTO mails (registration_id, link, state) VALUES "
                     "('a', 'L1', 'sending'), ('b', 'L2', 'sent')",
      now;
  std::map<std::string, std::string> mailOf;
  forEachRegistrant(store, [&](const RegistrantRow& row) { mailOf[row.id] = row.mail; });
  BOOST_TEST(mailOf["a"] == "in doubt");
  BOOST_TEST(mailOf["b"] == "sent");
}

BOOST_AUTO_TEST_CASE(the_lists_stop_at_the_limit_but_count_everyone) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  for (int i = 0; i < 5; ++i) add(store, "r" + std::to_string(i), "", "N", "", "10K");
  ReportData data = writeRaceData(store, dir.path(), 2);
  BOOST_TEST(data.noEmail.size() == 2u);
  BOOST_TEST(data.noEmailTotal == 5);
  BOOST_TEST(data.noBibTotal == 5);
}

BOOST_AUTO_TEST_CASE(the_csv_neutralises_formulas) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  add(store, "r1", "1", "=HYPERLINK(\"http://evil\")", "@x", "10K");
  writeRaceData(store, dir.path(), 10);
  std::string csv = racesync::test::readFile(dir.file("report-data/races/10K.csv"));
  BOOST_TEST(csv.rfind("registration_id,bib,first_name,last_name,email,race,key,link,qr_file,"
                       "status,raceranger,mail\r\n",
                       0) == 0u);
  BOOST_TEST(csv.find("r1,1,\"'=HYPERLINK(\"\"http://evil\"\")\",,'@x,10K,") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(race_names_become_plain_file_names) {
  BOOST_TEST(raceFileStem("Half Marathon") == "Half-Marathon");
  BOOST_TEST(raceFileStem("10K") == "10K");
  BOOST_TEST(raceFileStem("../../etc") == "etc");
  BOOST_TEST(raceFileStem("Zoë Lauf ") == "Zo-Lauf");
  BOOST_TEST(raceFileStem("") == "race");
  BOOST_TEST(raceFileStem("***") == "race");
}

BOOST_AUTO_TEST_CASE(two_races_with_one_file_name_get_two_files) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  add(store, "a", "1", "A", "a@x", "5 K");
  add(store, "b", "2", "B", "b@x", "5-K");
  ReportData data = writeRaceData(store, dir.path(), 10);
  BOOST_TEST_REQUIRE(data.races.size() == 2u);
  BOOST_TEST(data.races[0].csvFile != data.races[1].csvFile);
}

BOOST_AUTO_TEST_SUITE_END()
