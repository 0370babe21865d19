// The RACE RESULT round trip, end to end: the real racesync binary imports from the RACE RESULT
// sandbox, gets keys from the RACEMAP sandbox, and writes each key and link back into the
// participants' fields; re-runs write only what changed; a refused key exits 69 and shows nowhere.
#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <memory>

#include "core/store/state_store.h"
#include "sandbox/racemap_sandbox.h"
#include "sandbox/raceresult_sandbox.h"
#include "sandbox/sandbox_server.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace {

const std::string kKey = "rrkey-writeback-8d2f41";
const std::string kEvent = "4711";
const std::string kToken = "racemap-writeback-token";

const char* kCsv =
    "Registration ID,Bib,First Name,Last Name,Email,Race,Gender\n"
    "1001,12,Anna,Muster,anna@example.org,10 km,f\n"
    "1002,,Bernd,Beispiel,bernd@example.org,Half Marathon,m\n"
    "1003,7,Chloé,Dupont,chloe@example.org,10 km,f\n"
    "1004,,Dara,Ng,dara@example.org,Half Marathon,f\n"
    "1005,31,Eli,Lind,eli@example.org,10 km,m\n";

struct Fixture {
  Fixture()
      : raceresult(std::make_shared<sandbox::RaceResultSandbox>(kKey, kEvent)),
        racemap(std::make_shared<sandbox::RacemapSandbox>(kToken, "organiser", 5)) {
    test::writeFile(dir.file("registrations.csv"), kCsv);
    raceresult->setParticipants(sandbox::participantsFromCsv(dir.file("registrations.csv")));
    racemap->addEvent("wb-event", "Writeback Run");
    // RACE RESULT's /api/public/... lies inside RACEMAP's /api/...: it must be asked first.
    server.add(raceresult);
    server.add(racemap);
    server.start();
    config = dir.file("race.ini");
    test::writeFile(config, "event.name = Writeback Run\nout.dir = " + out() +
                                "\nregistrations.source = raceresult\nraceresult.base_url = " +
                                server.baseUrl() + "\nraceresult.event_id = " + kEvent +
                                "\nracemap.base_url = " + server.baseUrl() +
                                "\nracemap.event_id = wb-event\n"
                                "raceresult.writeback.key_field = TrackingKey\n"
                                "raceresult.writeback.link_field = RacemapLink\n");
  }

  std::string out(const std::string& name = "") const {
    return dir.file("out") + (name.empty() ? "" : "/" + name);
  }

  test::ProcessResult run(const std::string& key = kKey, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run", "-c", config, "--steps",
                                     "import,keys,links,racemap,raceresult"};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::runRacesync(args, {{"RACERESULT_API_KEY", key}, {"RACEMAP_TOKEN", kToken}});
  }

  // registration id -> (key, link) as the store holds them.
  std::map<std::string, std::pair<std::string, std::string>> stored() {
    auto store = test::openTestStore(config);
    std::vector<std::string> ids, keys, links;
    store->sql("SELECT registration_id, key, link FROM links ORDER BY registration_id"), into(ids),
        into(keys), into(links), now;
    std::map<std::string, std::pair<std::string, std::string>> result;
    for (std::size_t i = 0; i < ids.size(); ++i) result[ids[i]] = {keys[i], links[i]};
    return result;
  }

  // Gives participant `id` another bib in RACE RESULT, keeping the values written so far.
  void changeBib(const std::string& id, long long bib) {
    auto participants = raceresult->participants();
    for (auto& participant : participants) {
      if (participant["ID"].convert<std::string>() == id) participant["Bib"] = Poco::Int64(bib);
    }
    raceresult->setParticipants(participants);
  }

  test::TempDir dir;
  std::string config;
  sandbox::SandboxServer server;
  std::shared_ptr<sandbox::RaceResultSandbox> raceresult;
  std::shared_ptr<sandbox::RacemapSandbox> racemap;
};

// Every file under `folder` that holds `text`, as paths relative to it.
std::vector<std::string> filesHolding(const std::string& folder, const std::string& text) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    if (test::readFile(entry.path().string()).find(text) != std::string::npos) {
      found.push_back(std::filesystem::relative(entry.path(), folder).string());
    }
  }
  return found;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(raceresult_writeback_test, Fixture)

BOOST_AUTO_TEST_CASE(after_a_run_every_participant_holds_its_key_and_link) {
  auto result = run();
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  auto links = stored();
  BOOST_TEST_REQUIRE(links.size() == 5u);
  for (const auto& [id, keyAndLink] : links) {
    BOOST_TEST(!keyAndLink.first.empty(), id);
    BOOST_TEST(raceresult->valueOf(id, "TrackingKey") == keyAndLink.first, id);
    BOOST_TEST(raceresult->valueOf(id, "RacemapLink") == keyAndLink.second, id);
  }
  BOOST_TEST(raceresult->valueOf("1001", "RacemapLink").find("startNumber=12") !=
             std::string::npos);
  BOOST_TEST(raceresult->saveCalls() == 1);
  BOOST_TEST(raceresult->lastNoHistory() == "false");
  BOOST_TEST(raceresult->openSessions() == 0, "the import and the write-back log out");
  BOOST_TEST(result.out.find("raceresult: 5 participants written (10 values)") != std::string::npos,
             result.out);
}

BOOST_AUTO_TEST_CASE(an_unchanged_rerun_makes_no_write_call) {
  BOOST_TEST_REQUIRE(run().exitCode == 0);
  int calls = raceresult->saveCalls();
  auto again = run();
  BOOST_TEST_REQUIRE(again.exitCode == 0, again.out + again.err);
  BOOST_TEST(raceresult->saveCalls() == calls);
  BOOST_TEST(server.countRequests("POST", "savevaluearray") == calls);
  // The import changed nobody: the write-back is left out (no login, no plan).
  BOOST_TEST(
      again.out.find("raceresult: nothing to do: no registrant changed") != std::string::npos,
      again.out);
}

BOOST_AUTO_TEST_CASE(a_bib_change_writes_exactly_one_participant) {
  BOOST_TEST_REQUIRE(run().exitCode == 0);
  std::size_t before = raceresult->savedValues().size();
  int calls = raceresult->saveCalls();
  changeBib("1003", 99);
  auto result = run();
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  BOOST_TEST(raceresult->saveCalls() == calls + 1);
  auto saved = raceresult->savedValues();
  BOOST_REQUIRE(saved.size() > before);
  for (std::size_t i = before; i < saved.size(); ++i) BOOST_TEST(saved[i].id == "1003");
  BOOST_TEST(raceresult->valueOf("1003", "RacemapLink") == stored()["1003"].second);
  BOOST_TEST(stored()["1003"].second.find("startNumber=99") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_dry_run_lists_the_write_backs_and_writes_none) {
  BOOST_TEST_REQUIRE(run().exitCode == 0);
  int calls = raceresult->saveCalls();
  changeBib("1001", 42);
  auto result = run(kKey, {"--dry-run"});
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  BOOST_TEST(raceresult->saveCalls() == calls);
  BOOST_TEST(
      result.out.find("  raceresult:\n    write 1 values of 1 participants in 1 call "
                      "(part/savevaluearray)\n    PID 1001: RacemapLink = ") != std::string::npos,
      result.out);
  BOOST_TEST(result.out.find("startNumber=42") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(a_refused_key_exits_69_with_the_key_absent_from_every_output) {
  const std::string readOnly = "rrkey-readonly-a9c4e2";
  raceresult->addReadOnlyKey(readOnly);
  auto result = run(readOnly);
  BOOST_TEST(result.exitCode == 69, result.out + result.err);
  BOOST_TEST(result.err.find("POST /_4711/api/part/savevaluearray: HTTP 403") != std::string::npos,
             result.err);
  BOOST_TEST(
      result.err.find("RACE RESULT refused the API key in RACERESULT_API_KEY") != std::string::npos,
      result.err);
  BOOST_TEST((result.out + result.err).find(readOnly) == std::string::npos);
  BOOST_TEST((result.out + result.err).find("rrsession") == std::string::npos);
  BOOST_TEST(filesHolding(out(), readOnly).empty(), "no file under out.dir holds the key");
  BOOST_TEST(filesHolding(out(), "rrsession").empty());
  BOOST_TEST(test::readFile(out("report.html")).find("RACE RESULT refused the API key") !=
             std::string::npos);
  BOOST_TEST(raceresult->savedValues().empty());
  BOOST_TEST(stored().size() == 5u, "the steps before it still did their work");
}

BOOST_AUTO_TEST_CASE(a_refused_participant_is_a_row_problem_and_the_run_exits_0) {
  raceresult->refuseParticipant("1002");
  auto result = run();
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  BOOST_TEST(raceresult->valueOf("1002", "TrackingKey") == "");
  BOOST_TEST(raceresult->valueOf("1004", "TrackingKey") == stored()["1004"].first);
  std::string report = test::readFile(out("report.html"));
  BOOST_TEST(report.find("raceresult:ID 1002: RACE RESULT refused the values of PID 1002") !=
                 std::string::npos,
             report.substr(0, 2000));
  BOOST_TEST(result.out.find("4 participants written") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(csv_registrations_skip_the_step_with_a_clear_line) {
  std::string csvConfig = dir.file("csv.ini");
  test::writeFile(csvConfig, "out.dir = " + dir.file("out-csv") + "\nstate.event = csv" +
                                 "\nregistrations.files = registrations.csv\n"
                                 "raceresult.writeback.key_field = TrackingKey\n");
  auto result = test::runRacesync({"run", "-c", csvConfig, "--steps", "import,raceresult"});
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  BOOST_TEST(result.out.find("raceresult: skipped: the registrations come from CSV files "
                             "(registrations.source = csv)") != std::string::npos,
             result.out);
  BOOST_TEST(server.requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()
