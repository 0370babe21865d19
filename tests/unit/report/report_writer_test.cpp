#include "core/report/report_writer.h"

#include <Poco/Data/Session.h>
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/store/column_mapping.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using Poco::Data::Keywords::now;
using namespace racesync;

namespace {

constexpr std::int64_t kWinter = 1795482000000;  // 2026-11-24T01:00:00Z

void seed(StateStore& store) {
  store.session()
      << "INSERT INTO registrants (id, bib, name, email, race, status, source, line) "
         "VALUES ('r1', '7', 'Zoë <b>Müller</b>', 'zoe@example.com', 'Marathon', "
         "'active', 'reg.csv', 2), "
         "('r2', '', 'Ann O''Brien', '', '10K', 'active', 'reg.csv', 3), "
         "('r3', '9', 'Gone Away', 'gone@example.com', '10K', 'withdrawn', 'reg.csv', 4)",
      now;
  store.session() << "INSERT INTO links (registration_id, key, link, qr_file, qr_link) VALUES "
                     "('r1', 'K84N2S', 'https://racemap.app/redeem_key?key=K84N2S&a=1', "
                     "'qr/7.png', 'https://racemap.app/redeem_key?key=K84N2S&a=1')",
      now;
  store.session() << "INSERT INTO athletes (registration_id, race_id, outcome) VALUES "
                     "('r1', 'race_1', 'created')",
      now;
  replaceProblems(store, 1, "import",
                  {{"import", "reg.csv", 4, "", "duplicate_bib",
                    "reg.csv:4: bib 7 is already held by line 2", "give one of them another bib"}});
}

Settings settingsFor(const std::string& dir, const std::string& ini = "") {
  return Settings::fromString(ini, {}, dir, racesync::test::sourceDir() + "/templates");
}

RunOutcome importDone() {
  RunOutcome outcome;
  StepOutcome import;
  import.name = "import";
  import.result.count("registrants", 3);
  outcome.steps.push_back(import);
  return outcome;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_writer_test)

BOOST_AUTO_TEST_CASE(the_index_shows_problems_races_and_lists_escaped) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  seed(store);
  Settings settings = settingsFor(dir.path(), "[event]\nname = Stadtlauf & Friends\n");
  ReportData data = writeRaceData(store, dir.path(), kMissingListLimit);
  std::string html = renderReport(store, settings, importDone(), data, "2026-11-24 02:00 CET");
  BOOST_TEST(has(html, "<h1>Stadtlauf &amp; Friends</h1>"));
  BOOST_TEST(has(html, "updated 2026-11-24 02:00 CET"));
  BOOST_TEST(has(html, "reg.csv:4: bib 7 is already held by line 2"));
  BOOST_TEST(has(html, "give one of them another bib"));
  BOOST_TEST(has(html, "3 registrants"));
  BOOST_TEST(has(html, "<code>race_1</code>"));
  // The races, each with its rows file and its CSV (races in name order: 10K is 0).
  BOOST_TEST(has(html, "<option value=\"0\" data-file=\"report-data&#x2F;race-0.js\""));
  BOOST_TEST(has(html, "href=\"report-data&#x2F;races&#x2F;10K.csv\""));
  BOOST_TEST(!has(html, "id=\"failed\""));
}

BOOST_AUTO_TEST_CASE(no_email_and_no_bib_list_the_names_with_the_fix) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  seed(store);
  ReportData data = writeRaceData(store, dir.path(), kMissingListLimit);
  std::string html = renderReport(store, settingsFor(dir.path()), RunOutcome{}, data, "");
  BOOST_TEST(has(html, "<h2>No email (1)</h2>"));
  BOOST_TEST(has(html, "<h2>No bib (1)</h2>"));
  BOOST_TEST(has(html, "Ann O&#39;Brien <small>r2</small>"));
  BOOST_TEST(has(html, "add an email address in reg.csv line 3 and run again"));
  BOOST_TEST(has(html, "give a bib in reg.csv line 3 and run again"));
  // The withdrawn registrant is in neither list, and Zoë has both.
  BOOST_TEST(!has(html, "Gone Away"));
  BOOST_TEST(!has(html, "Müller&lt;"));
}

BOOST_AUTO_TEST_CASE(the_registrants_are_in_report_data_not_in_the_index) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  seed(store);
  std::string path = dir.file("out/report.html");
  writeReport(store, settingsFor(dir.path()), RunOutcome{}, kWinter, path);
  std::string html = racesync::test::readFile(path);
  BOOST_TEST(!has(html, "K84N2S"));
  std::string marathon = racesync::test::readFile(dir.file("out/report-data/race-1.js"));
  BOOST_TEST(marathon.rfind("racesyncRace(1, [", 0) == 0u);
  BOOST_TEST(has(marathon, "\"Zoë \\u003Cb\\u003EMüller\\u003C/b\\u003E\""));
  BOOST_TEST(has(marathon, "\"https://racemap.app/redeem_key?key=K84N2S\\u0026a=1\""));
  std::string csv = racesync::test::readFile(dir.file("out/report-data/races/Marathon.csv"));
  BOOST_TEST(has(csv, "r1,7,,,zoe@example.com,Marathon,K84N2S,"));
}

// Finding 1 of issue 13: the report did not show which header was mapped to which field.
BOOST_AUTO_TEST_CASE(the_report_did_not_show_the_column_mapping) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  replaceColumnMapping(store, {{"reg.csv", "utf-8, ',' separated", "email", "Participant Email"},
                               {"reg.csv", "utf-8, ',' separated", "bib", ""},
                               {"reg.csv", "utf-8, ',' separated", "", "T-Shirt Size"}});
  std::string path = dir.file("out/report.html");
  writeReport(store, settingsFor(dir.path()), RunOutcome{}, kWinter, path);
  std::string html = racesync::test::readFile(path);
  BOOST_TEST(has(html, "<h2>Columns read</h2>"));
  BOOST_TEST(has(html, "<td>email</td><td>Participant Email</td>"));
  BOOST_TEST(has(html, "<td>bib</td><td><span class=\"failed\">not found</span></td>"));
  BOOST_TEST(has(html, "<td>(unused)</td><td>T-Shirt Size</td>"));
}

BOOST_AUTO_TEST_CASE(a_failed_run_shows_a_red_banner_with_the_error) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  RunOutcome outcome;
  outcome.exitCode = 69;
  StepOutcome keys;
  keys.name = "keys";
  keys.state = StepOutcome::State::kFailed;
  keys.error = "RACEMAP refused the token in RACEMAP_TOKEN";
  outcome.steps.push_back(keys);
  std::string html = renderReport(store, settingsFor(dir.path()), outcome, ReportData{}, "");
  BOOST_TEST(has(html,
                 "<div class=\"banner\" id=\"failed\" role=\"alert\">The run did not "
                 "finish (exit 69)"));
  BOOST_TEST(has(html, "<div>keys: RACEMAP refused the token in RACEMAP_TOKEN</div>"));
}

BOOST_AUTO_TEST_CASE(times_are_shown_in_report_timezone) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  std::string path = dir.file("out/report.html");
  writeReport(store, settingsFor(dir.path(), "[report]\ntimezone = Europe/Berlin\n"), RunOutcome{},
              kWinter, path);
  BOOST_TEST(has(racesync::test::readFile(path), "updated 2026-11-24 02:00 CET"));
  Settings newYork = settingsFor(dir.path(), "[report]\ntimezone = America/New_York\n");
  store.session() << "INSERT INTO registrants (id, name) VALUES ('x', 'X')", now;
  writeReport(store, newYork, RunOutcome{}, kWinter, path);
  BOOST_TEST(has(racesync::test::readFile(path), "updated 2026-11-23 20:00 EST"));
  Settings wrong = settingsFor(dir.path(), "[report]\ntimezone = Mars/Olympus\n");
  BOOST_CHECK_THROW(writeReport(store, wrong, RunOutcome{}, kWinter, path), ConfigurationError);
}

BOOST_AUTO_TEST_CASE(an_unchanged_report_is_not_rewritten) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  seed(store);
  Settings settings = settingsFor(dir.path());
  std::string path = dir.file("out/report.html");
  ReportFiles first = writeReport(store, settings, importDone(), kWinter, path);
  BOOST_TEST(first.indexWritten);
  BOOST_TEST(first.dataWritten == 4);  // two races, a .js and a .csv each
  std::string before = racesync::test::readFile(path);
  // An hour later, nothing changed: nothing is written, and the page keeps its time.
  ReportFiles again = writeReport(store, settings, importDone(), kWinter + 3600000, path);
  BOOST_TEST(!again.indexWritten);
  BOOST_TEST(again.dataWritten == 0);
  BOOST_TEST(racesync::test::readFile(path) == before);
  // One registrant renamed: only that race's two files change; the index's counts did not.
  store.session()
      << "UPDATE registrants SET name = 'Zoë Meier', last_name = 'Meier' WHERE id = 'r1'",
      now;
  ReportFiles renamed = writeReport(store, settings, importDone(), kWinter + 7200000, path);
  BOOST_TEST(!renamed.indexWritten);
  BOOST_TEST(renamed.dataWritten == 2);
  BOOST_TEST(has(racesync::test::readFile(dir.file("out/report-data/race-1.js")), "Zoë Meier"));
  BOOST_TEST(!Poco::File(path + ".tmp").exists());
}

BOOST_AUTO_TEST_CASE(files_of_a_race_that_is_gone_are_removed) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  seed(store);
  std::string path = dir.file("out/report.html");
  writeReport(store, settingsFor(dir.path()), RunOutcome{}, kWinter, path);
  BOOST_TEST(Poco::File(dir.file("out/report-data/races/Marathon.csv")).exists());
  store.session() << "UPDATE registrants SET race = '10K'", now;
  ReportFiles files = writeReport(store, settingsFor(dir.path()), RunOutcome{}, kWinter, path);
  BOOST_TEST(files.dataRemoved == 2);
  BOOST_TEST(!Poco::File(dir.file("out/report-data/races/Marathon.csv")).exists());
  BOOST_TEST(!Poco::File(dir.file("out/report-data/race-1.js")).exists());
  BOOST_TEST(Poco::File(dir.file("out/report-data/race-0.js")).exists());
}

BOOST_AUTO_TEST_CASE(an_empty_store_has_no_problems_and_no_lists) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  std::string path = dir.file("out/report.html");
  writeReport(store, settingsFor(dir.path()), RunOutcome{}, kWinter, path);
  std::string html = racesync::test::readFile(path);
  BOOST_TEST(has(html, "<p>No problems.</p>"));
  BOOST_TEST(has(html, "Everyone has an email address."));
  BOOST_TEST(!has(html, "<h2>Columns read</h2>"));
}

BOOST_AUTO_TEST_SUITE_END()
