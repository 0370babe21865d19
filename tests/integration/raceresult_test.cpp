// The import from RACE RESULT, end to end: the real racesync binary against the in-process
// RACE RESULT sandbox, compared with the import of the equivalent CSV export.
#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include <memory>

#include "core/store/state_store.h"
#include "sandbox/raceresult_sandbox.h"
#include "sandbox/sandbox_server.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Participant = sandbox::RaceResultSandbox::Participant;

namespace {

const std::string kKey = "rrkey-integration-5a1c93";
const std::string kEvent = "4711";

// Numbers and strings for the same fields, all three no-date values, bibs of 0 and "0", dates in
// the three formats, and one participant whose email cannot be used.
const char* kCsv =
    "Registration ID,Bib,First Name,Last Name,Email,Race,Gender,Birth Date,Club,Country\n"
    "1001,12,Anna,Muster,anna@example.org,10 km,f,1990-05-01,Lauftreff Nord,GER\n"
    "1002,,Bernd,Beispiel,bernd@example.org,Half Marathon,m,,,AUT\n"
    "1003,7,Chloé,Dupont,chloe@example.org,10 km,f,1985-01-02,\"Club \"\"Vite\"\"\",FRA\n"
    "1004,,Dara,Ng,dara@example.org,Half Marathon,d,,,\n"
    "1005,31,Eli,Lind,eli@example.org,10 km,m,2001-12-24,,SWE\n"
    "1006,32,Finn,Ohm,not-an-email,10 km,m,1999-03-04,,GER\n";

std::vector<Participant> participants(const test::TempDir& dir) {
  auto seeded = sandbox::participantsFromCsv(dir.file("registrations.csv"));
  BOOST_REQUIRE(seeded.size() == 6u);
  seeded[0]["DateOfBirth"] = std::string("1990-05-01 00:00:00");
  seeded[1]["DateOfBirth"] = std::string("1899-12-30");
  seeded[1]["ID"] = std::string("1002");  // a string where the others are numbers
  seeded[2]["DateOfBirth"] = std::string("1985-01-02T00:00:00+01:00");
  seeded[2]["Bib"] = std::string("7");
  seeded[3]["DateOfBirth"] = std::string("0001-01-01");
  seeded[3]["Bib"] = std::string("0");
  return seeded;
}

struct Fixture {
  Fixture() : service(std::make_shared<sandbox::RaceResultSandbox>(kKey, kEvent)) {
    test::writeFile(dir.file("registrations.csv"), kCsv);
    service->setParticipants(participants(dir));
    server.add(service);
    server.start();
  }

  // A configuration that imports from the sandbox into its own store.
  std::string raceResultConfig(const std::string& extra = "") {
    std::string path = dir.file("raceresult.ini");
    test::writeFile(
        path, "event.name = Test Run\nstate.event = test-run-rr\nout.dir = " + dir.file("out-rr") +
                  "\nregistrations.source = raceresult\nraceresult.base_url = " + server.baseUrl() +
                  "\nraceresult.event_id = " + kEvent + "\n" + extra);
    return path;
  }

  std::string csvConfig() {
    std::string path = dir.file("csv.ini");
    // An event of its own: on a shared PostgreSQL state too, the two imports stay apart.
    test::writeFile(path, "event.name = Test Run\nstate.event = test-run-csv\nout.dir = " +
                              dir.file("out-csv") + "\nregistrations.files = registrations.csv\n");
    return path;
  }

  test::ProcessResult import(const std::string& config, const std::string& key = kKey) {
    return test::runRacesync({"run", "-c", config, "--steps", "import"},
                             {{"RACERESULT_API_KEY", key}});
  }

  test::TempDir dir;
  sandbox::SandboxServer server;
  std::shared_ptr<sandbox::RaceResultSandbox> service;
};

// The registrants as stored, one line each, without the columns that say where they came from.
std::vector<std::string> registrants(const std::string& config) {
  auto store = test::openTestStore(config);
  std::vector<std::string> rows;
  store->sql(
      "SELECT id || '|' || bib || '|' || first_name || '|' || last_name || '|' || name || "
      "'|' || email || '|' || race || '|' || gender || '|' || birth_date || '|' || "
      "age_group || '|' || team || '|' || country || '|' || status FROM registrants "
      "ORDER BY id"),
      into(rows), now;
  return rows;
}

std::vector<std::string> problems(const std::string& config) {
  auto store = test::openTestStore(config);
  std::vector<std::string> rows;
  store->sql("SELECT message FROM problems WHERE step = 'import' ORDER BY id"), into(rows), now;
  return rows;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(raceresult_test)

BOOST_AUTO_TEST_CASE(imports_the_same_registrants_as_the_equivalent_csv) {
  Fixture f;
  auto fromCsv = f.import(f.csvConfig());
  BOOST_TEST_REQUIRE(fromCsv.exitCode == 0, fromCsv.out + fromCsv.err);
  auto fromRaceResult = f.import(f.raceResultConfig());
  BOOST_TEST_REQUIRE(fromRaceResult.exitCode == 0, fromRaceResult.out + fromRaceResult.err);

  auto expected = registrants(f.dir.file("csv.ini"));
  auto actual = registrants(f.dir.file("raceresult.ini"));
  BOOST_TEST(expected.size() == 6u);
  BOOST_TEST(actual == expected, boost::test_tools::per_element());
  // The no-date values are empty, the bibs of 0 are none, IDs sent as numbers or strings alike.
  BOOST_TEST(actual[1].rfind("1002||Bernd|Beispiel|", 0) == 0);
  BOOST_TEST(actual[3].rfind("1004||Dara|Ng|", 0) == 0);
  BOOST_TEST(actual[2].find("|1985-01-02|") != std::string::npos);
  BOOST_TEST(f.service->openSessions() == 0, "the import logs out");
}

BOOST_AUTO_TEST_CASE(places_row_problems_by_raceresult_id) {
  Fixture f;
  auto result = f.import(f.raceResultConfig());
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  auto messages = problems(f.dir.file("raceresult.ini"));
  BOOST_REQUIRE(!messages.empty());
  for (const auto& message : messages) {
    BOOST_TEST(message.rfind("raceresult:ID 10", 0) == 0, message);
  }
  bool email = false;
  for (const auto& message : messages)
    email = email || message.rfind("raceresult:ID 1006: ", 0) == 0;
  BOOST_TEST(email);
}

BOOST_AUTO_TEST_CASE(a_refused_key_exits_69_without_showing_the_key) {
  Fixture f;
  const std::string wrong = "rrkey-wrong-77c0ffee";
  auto result = f.import(f.raceResultConfig(), wrong);
  BOOST_TEST(result.exitCode == 69);
  BOOST_TEST(
      result.err.find("RACE RESULT refused the API key in RACERESULT_API_KEY") != std::string::npos,
      result.err);
  BOOST_TEST(result.err.find("Account Access, API Keys") != std::string::npos);
  BOOST_TEST((result.out + result.err).find(wrong) == std::string::npos);
  BOOST_TEST((result.out + result.err).find(kKey) == std::string::npos);
  std::string report = test::readFile(f.dir.file("out-rr/report.html"));
  BOOST_TEST(report.find("Account Access, API Keys") != std::string::npos);
  BOOST_TEST(report.find(wrong) == std::string::npos);
  BOOST_TEST(f.server.countRequests("GET", "/api/data/list") == 0);
}

BOOST_AUTO_TEST_CASE(a_verbose_run_never_shows_the_key_or_the_session) {
  Fixture f;
  auto result = test::runRacesync({"run", "-c", f.raceResultConfig(), "--steps", "import", "-v"},
                                  {{"RACERESULT_API_KEY", kKey}});
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  BOOST_TEST((result.out + result.err).find(kKey) == std::string::npos);
  BOOST_TEST((result.out + result.err).find("rrsession") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(logs_in_again_after_one_401) {
  Fixture f;
  int lists = 0;
  // The session ends on the server just before the first list call is handled.
  f.server.observe([&](const sandbox::Request& request) {
    if (request.path.find("/data/list") != std::string::npos && lists++ == 0) {
      f.service->expireSessions();
    }
  });
  auto result = f.import(f.raceResultConfig());
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  BOOST_TEST(f.service->logins() == 2);
  BOOST_TEST(f.server.countRequests("GET", "/api/data/list") == 2);
  BOOST_TEST(registrants(f.dir.file("raceresult.ini")).size() == 6u);
}

BOOST_AUTO_TEST_CASE(a_second_refusal_exits_69) {
  Fixture f;
  // Every session ends on the server before a list call is handled: the fresh login does not help.
  f.server.observe([&](const sandbox::Request& request) {
    if (request.path.find("/data/list") != std::string::npos) f.service->expireSessions();
  });
  auto result = f.import(f.raceResultConfig());
  BOOST_TEST(result.exitCode == 69);
  BOOST_TEST(result.err.find("GET /_4711/api/data/list: HTTP 401 session expired or invalid: log "
                             "in again: RACE RESULT refused the API key") != std::string::npos,
             result.err);
  BOOST_TEST(f.service->logins() == 2);
  BOOST_TEST(f.server.countRequests("GET", "/api/data/list") == 2);
  BOOST_TEST((result.out + result.err).find(kKey) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(asks_for_the_configured_fields_and_filter) {
  Fixture f;
  auto result =
      f.import(f.raceResultConfig("raceresult.filter = [Contest.Name]=\"10 km\"\n"
                                  "raceresult.fields.team = Club\n"
                                  "raceresult.fields.country =\n"));
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  BOOST_TEST(f.service->lastFilter() == "[Contest.Name]=\"10 km\"");
  BOOST_TEST(f.service->lastFields() ==
             "[\"ID\",\"Bib\",\"FirstName\",\"LastName\",\"Email\",\"Contest.Name\",\"Sex\","
             "\"DateOfBirth\",\"Club\"]");
  auto rows = registrants(f.dir.file("raceresult.ini"));
  BOOST_TEST(rows.size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_participant_gone_from_raceresult_is_withdrawn) {
  Fixture f;
  BOOST_TEST_REQUIRE(f.import(f.raceResultConfig()).exitCode == 0);
  auto remaining = participants(f.dir);
  remaining.erase(remaining.begin() + 4);  // ID 1005
  f.service->setParticipants(remaining);
  auto result = f.import(f.raceResultConfig());
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  auto rows = registrants(f.dir.file("raceresult.ini"));
  BOOST_REQUIRE(rows.size() == 6u);
  BOOST_TEST(rows[4].rfind("1005|", 0) == 0);
  BOOST_TEST(rows[4].substr(rows[4].rfind('|')) == "|withdrawn");
  BOOST_TEST(rows[0].substr(rows[0].rfind('|')) == "|active");
}

BOOST_AUTO_TEST_CASE(a_missing_key_or_event_is_a_configuration_error) {
  Fixture f;
  auto noKey = test::runRacesync({"run", "-c", f.raceResultConfig(), "--steps", "import"},
                                 {{"RACERESULT_API_KEY", ""}});
  BOOST_TEST(noKey.exitCode == 78);
  BOOST_TEST(noKey.err.find("RACERESULT_API_KEY is not set") != std::string::npos, noKey.err);
  std::string config = f.dir.file("noevent.ini");
  test::writeFile(config, "out.dir = " + f.dir.file("out-x") + "\nstate.event = x" +
                              "\nregistrations.source = raceresult\nraceresult.base_url = " +
                              f.server.baseUrl() + "\n");
  auto noEvent = f.import(config);
  BOOST_TEST(noEvent.exitCode == 78);
  BOOST_TEST(noEvent.err.find("raceresult.event_id") != std::string::npos, noEvent.err);
}

BOOST_AUTO_TEST_SUITE_END()
