#include "core/report/report_writer.h"

#include <Poco/Data/Session.h>
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include "core/config/settings.h"
#include "core/store/column_mapping.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using Poco::Data::Keywords::now;
using namespace racesync;

namespace {

void seed(StateStore& store) {
  store.session() << "INSERT INTO registrants (id, bib, name, race, status) VALUES "
                     "('r1', '7', 'Zoë <b>Müller</b>', 'Marathon', 'active'), "
                     "('r2', '', 'Ann O''Brien', '10K', 'active'), "
                     "('r3', '9', 'Gone Away', '10K', 'withdrawn')",
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

}  // namespace

BOOST_AUTO_TEST_SUITE(report_writer_test)

BOOST_AUTO_TEST_CASE(shows_registrants_problems_and_races_escaped) {
  StateStore store(":memory:");
  seed(store);
  Settings settings = Settings::fromString("[event]\nname = Stadtlauf & Friends\n", {}, "/tmp",
                                           racesync::test::sourceDir() + "/templates");
  RunOutcome outcome;
  StepOutcome import;
  import.name = "import";
  import.result.count("registrants", 3);
  outcome.steps.push_back(import);
  std::string html = renderReport(store, settings, outcome, "2026-11-24T01:00:00Z");
  BOOST_TEST(html.find("<h1>Stadtlauf &amp; Friends</h1>") != std::string::npos);
  // mstch escapes "/" too (as OWASP advises): browsers read it as a plain slash.
  BOOST_TEST(html.find("Zoë &lt;b&gt;Müller&lt;&#x2F;b&gt;") != std::string::npos);
  BOOST_TEST(html.find("Ann O&#39;Brien") != std::string::npos);
  BOOST_TEST(html.find("<code>K84N2S</code>") != std::string::npos);
  BOOST_TEST(html.find("src=\"qr&#x2F;7.png\"") != std::string::npos);
  BOOST_TEST(
      html.find("href=\"https:&#x2F;&#x2F;racemap.app&#x2F;redeem_key?key=K84N2S&amp;a=1\"") !=
      std::string::npos);
  BOOST_TEST(html.find("reg.csv:4: bib 7 is already held by line 2") != std::string::npos);
  BOOST_TEST(html.find("give one of them another bib") != std::string::npos);
  BOOST_TEST(html.find("<tr class=\"withdrawn\">") != std::string::npos);
  BOOST_TEST(html.find("3 registrants") != std::string::npos);
  BOOST_TEST(html.find("<code>race_1</code>") != std::string::npos);
}

// Finding 1 of issue 13: the report did not show which header was mapped to which field.
BOOST_AUTO_TEST_CASE(the_report_did_not_show_the_column_mapping) {
  StateStore store(":memory:");
  replaceColumnMapping(store, {{"reg.csv", "utf-8, ',' separated", "email", "Participant Email"},
                               {"reg.csv", "utf-8, ',' separated", "bib", ""},
                               {"reg.csv", "utf-8, ',' separated", "", "T-Shirt Size"}});
  Settings settings =
      Settings::fromString("", {}, "/tmp", racesync::test::sourceDir() + "/templates");
  std::string html = renderReport(store, settings, RunOutcome{}, "2026-11-24T01:00:00Z");
  BOOST_TEST(html.find("<h2>Columns read</h2>") != std::string::npos);
  BOOST_TEST(html.find("<td>email</td><td>Participant Email</td>") != std::string::npos);
  BOOST_TEST(html.find("<td>bib</td><td><span class=\"failed\">not found</span></td>") !=
             std::string::npos);
  BOOST_TEST(html.find("<td>(unused)</td><td>T-Shirt Size</td>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(writes_the_file_atomically) {
  racesync::test::TempDir dir;
  StateStore store(":memory:");
  Settings settings =
      Settings::fromString("", {}, dir.path(), racesync::test::sourceDir() + "/templates");
  writeReport(store, settings, RunOutcome{}, "2026-11-24T01:00:00Z", dir.file("out/report.html"));
  std::string html = racesync::test::readFile(dir.file("out/report.html"));
  BOOST_TEST(html.find("<p>No problems.</p>") != std::string::npos);
  BOOST_TEST(!Poco::File(dir.file("out/report.html.tmp")).exists());
}

BOOST_AUTO_TEST_SUITE_END()
