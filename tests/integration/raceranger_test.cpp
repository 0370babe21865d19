// The RaceRanger push end to end: the real racesync binary (SystemClock, PocoHttpTransport)
// against the in-process RaceRanger sandbox on 127.0.0.1. Waits are kept to a second or two:
// Retry-After is 1 s and the backoff base is 20 ms.
#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <set>

#include "core/base/clock.h"
#include "core/store/state_store.h"
#include "sandbox/racemap_sandbox.h"
#include "sandbox/raceranger_sandbox.h"
#include "sandbox/sandbox_server.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace {

const std::string kKey = "rr_o_integration_9f2c71";

// Two races, a bib missing, a display name only, particles, a withdrawn-later registrant.
const char* kCsv =
    "Registration ID,Bib,First Name,Last Name,Name,Email,Race,Gender,Age Group,Club,Country\n"
    "2001,101,Anna,Muster,,anna@example.org,Marathon,f,W30,Lauftreff Nord,GER\n"
    "2002,102,Bernd,Beispiel,,bernd@example.org,Marathon,m,M40,,AUT\n"
    "2003,,Chloé,Dupont,,chloe@example.org,Marathon,f,W35,,FRA\n"
    "2004,201,,,Jan van der Berg,jan@example.org,10 km,m,M20,Run Club,NED\n"
    "2005,202,Eli,Lind,,eli@example.org,10 km,m,M50,,SWE\n"
    "2006,203,Maria,de la Cruz,,maria@example.org,10 km,f,W40,,ESP\n";

struct Fixture {
  Fixture() : rr(std::make_shared<sandbox::RaceRangerSandbox>(clock)) {
    rr->addEvent("evt_city", "City Run");
    rr->addRace("evt_city", "race_mara", "Marathon");
    rr->addRace("evt_city", "race_10k", "10K");
    rr->addKey(kKey, {"read:events", "read:races", "read:athletes", "write:athletes"});
    server.add(rr);
    server.start();
    test::writeFile(dir.file("registrations.csv"), kCsv);
  }

  std::string config(const std::string& extra = "") {
    std::string path = dir.file("race.ini");
    test::writeFile(path, "event.name = City Run\nout.dir = " + dir.file("out") +
                              "\nregistrations.files = registrations.csv\n"
                              "[raceranger]\nbase_url = " +
                              server.baseUrl() +
                              "\nevent_id = evt_city\nraces.Marathon = race_mara\n"
                              "races.10 km = race_10k\nretry_base_ms = 20\ntimeout_ms = 5000\n" +
                              extra);
    return path;
  }

  test::ProcessResult run(const std::string& extra = "", const std::string& key = kKey,
                          const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"run", "-c", config(extra), "--steps", "import,raceranger"};
    args.insert(args.end(), more.begin(), more.end());
    return test::runRacesync(args, {{"RACERANGER_API_KEY", key}});
  }

  // "id|number|first|last|gender|ageGroup|team|country" per athlete of a race.
  std::vector<std::string> athletes(const std::string& race) {
    std::vector<std::string> rows;
    for (const auto& a : rr->athletes(race)) {
      rows.push_back(a.externalId + "|" + a.number + "|" + a.firstName + "|" + a.lastName + "|" +
                     a.gender + "|" + a.ageGroup + "|" + a.team + "|" + a.country);
    }
    return rows;
  }

  long long stored(const std::string& sql) {
    auto store = test::openTestStore(dir.file("race.ini"));
    Poco::Int64 value = 0;
    store->sql(sql), into(value), now;
    return value;
  }

  int imports() { return server.countRequests("POST", "athletes:import"); }

  ManualClock clock;  // the sandbox's windows: the binary never comes near them here
  test::TempDir dir;
  sandbox::SandboxServer server;
  std::shared_ptr<sandbox::RaceRangerSandbox> rr;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(raceranger_test, Fixture)

BOOST_AUTO_TEST_CASE(the_export_lands_in_the_right_races_row_for_row) {
  auto result = run();
  BOOST_TEST(result.exitCode == 0, result.err);
  std::vector<std::string> marathon = {"2001|101|Anna|Muster|female|W30|Lauftreff Nord|GER",
                                       "2002|102|Bernd|Beispiel|male|M40||AUT"};
  std::vector<std::string> tenK = {"2004|201|Jan|van der Berg|male|M20|Run Club|NED",
                                   "2005|202|Eli|Lind|male|M50||SWE",
                                   "2006|203|Maria|de la Cruz|female|W40||ESP"};
  BOOST_TEST(athletes("race_mara") == marathon, boost::test_tools::per_element());
  BOOST_TEST(athletes("race_10k") == tenK, boost::test_tools::per_element());
  BOOST_TEST(imports() == 2);
  BOOST_TEST(stored("SELECT count(*) FROM athletes WHERE outcome = 'created'") == 5);
}

BOOST_AUTO_TEST_CASE(the_sample_export_lands_in_the_right_races_row_for_row) {
  rr->addRace("evt_city", "race_half", "Half Marathon");
  rr->addRace("evt_city", "race_kids", "Kids Run");
  std::string samples = test::sourceDir() + "/samples/";
  for (const char* file : {"racesync.ini", "registrations.csv", "anmeldungen-de.csv"}) {
    test::writeFile(dir.file(file), test::readFile(samples + file));
  }
  std::string ini = test::readFile(dir.file("racesync.ini")) +
                    "\n[raceranger]\nbase_url = " + server.baseUrl() +
                    "\nevent_id = evt_city\nraces.Marathon = race_mara\n"
                    "races.Half Marathon = race_half\nraces.10K = race_10k\n"
                    "races.Kids Run = race_kids\n";
  test::writeFile(dir.file("racesync.ini"), ini);
  auto result =
      test::runRacesync({"run", "-c", dir.file("racesync.ini"), "--steps", "import,raceranger"},
                        {{"RACERANGER_API_KEY", kKey}});
  BOOST_TEST(result.exitCode == 0, result.err);

  // Every active registrant with a bib is in the race of its row, with its own values; nobody
  // else is anywhere.
  const std::map<std::string, std::string> raceIds = {{"Marathon", "race_mara"},
                                                      {"Half Marathon", "race_half"},
                                                      {"10K", "race_10k"},
                                                      {"Kids Run", "race_kids"}};
  std::map<std::string, std::pair<std::string, sandbox::RaceRangerAthlete>> pushed;
  for (const auto& [name, id] : raceIds) {
    for (const auto& athlete : rr->athletes(id)) pushed[athlete.externalId] = {id, athlete};
  }
  auto store = test::openTestStore(dir.file("racesync.ini"));
  std::vector<std::string> ids, bibs, firsts, lasts, races, teams, countries, outcomes;
  store->sql(
      "SELECT r.id, r.bib, r.first_name, r.last_name, r.race, r.team, r.country, "
      "coalesce(a.outcome, '') FROM registrants r LEFT JOIN athletes a "
      "ON a.registration_id = r.id WHERE r.status = 'active' ORDER BY r.id"),
      into(ids), into(bibs), into(firsts), into(lasts), into(races), into(teams), into(countries),
      into(outcomes), now;
  BOOST_REQUIRE(ids.size() > 300u);
  std::size_t expected = 0, withoutBib = 0, rejected = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto found = pushed.find(ids[i]);
    if (bibs[i].empty()) {
      ++withoutBib;
      BOOST_TEST((found == pushed.end()), ids[i] << " has no bib and is not pushed");
      continue;
    }
    if (outcomes[i] == "rejected") {
      ++rejected;
      BOOST_TEST((found == pushed.end()), ids[i] << " was rejected");
      continue;
    }
    ++expected;
    BOOST_REQUIRE_MESSAGE(found != pushed.end(), ids[i] << " is in RaceRanger");
    const auto& [raceId, athlete] = found->second;
    BOOST_TEST(raceId == raceIds.at(races[i]), ids[i]);
    BOOST_TEST(athlete.number == bibs[i], ids[i]);
    BOOST_TEST(athlete.firstName == firsts[i], ids[i]);
    BOOST_TEST(athlete.lastName == lasts[i], ids[i]);
    BOOST_TEST(athlete.team == teams[i], ids[i]);
    BOOST_TEST(athlete.country == countries[i], ids[i]);
    BOOST_TEST(outcomes[i] == "created", ids[i]);
  }
  BOOST_TEST(pushed.size() == expected);
  BOOST_TEST(expected + withoutBib + rejected == ids.size());
  BOOST_TEST(withoutBib > 0u);
  BOOST_TEST(contains(result.out, std::to_string(expected) + " created"), result.out);

  auto again =
      test::runRacesync({"run", "-c", dir.file("racesync.ini"), "--steps", "import,raceranger"},
                        {{"RACERANGER_API_KEY", kKey}});
  BOOST_TEST(again.exitCode == 0, again.err);
  BOOST_TEST(rr->writeCount() == 4);  // one batch per race, none on the second run
}

BOOST_AUTO_TEST_CASE(a_second_run_writes_nothing_and_a_changed_surname_pushes_one_athlete) {
  BOOST_TEST(run().exitCode == 0);
  BOOST_TEST(rr->writeCount() == 2);
  auto second = run();
  BOOST_TEST(second.exitCode == 0, second.err);
  BOOST_TEST(imports() == 2);
  BOOST_TEST(rr->writeCount() == 2);

  std::string csv = kCsv;
  csv.replace(csv.find("Eli,Lind"), 8, "Eli,Lindqvist");
  test::writeFile(dir.file("registrations.csv"), csv);
  auto third = run();
  BOOST_TEST(third.exitCode == 0, third.err);
  BOOST_TEST(imports() == 3);
  auto keys = rr->idempotencyKeysSeen();
  BOOST_REQUIRE(keys.size() == 3u);
  BOOST_TEST(rr->athletes("race_10k")[1].lastName == "Lindqvist");
  BOOST_TEST(stored("SELECT count(*) FROM athletes WHERE outcome = 'updated'") == 1);
}

BOOST_AUTO_TEST_CASE(rides_out_429_and_a_burst_of_5xx_with_the_same_idempotency_key) {
  rr->faults().failNext(3, 503, "<html>502 Bad Gateway</html>", "race_mara/athletes:import");
  server.observe([this](const sandbox::Request& request) {
    // The first import meets a 429 first (Retry-After: 1), then the 5xx burst.
    if (request.method == "POST" && imports() == 1) rr->throttleNext(1, 1);
  });
  auto result = run();
  BOOST_TEST(result.exitCode == 0, result.err);
  BOOST_TEST(rr->rateLimitedCount() == 1);
  BOOST_TEST(server.countRequests("POST", "race_mara") == 5);  // 429, 503 x3, 200
  BOOST_TEST(rr->writeCount() == 2);
  BOOST_TEST(athletes("race_mara").size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_connection_dropped_after_the_work_leads_to_a_replay_not_a_duplicate) {
  rr->faults().dropAfterHandling(1, "race_10k/athletes:import");
  auto result = run();
  BOOST_TEST(result.exitCode == 0, result.err);
  auto keys = rr->idempotencyKeysSeen();
  BOOST_REQUIRE(keys.size() == 3u);
  BOOST_TEST(keys[1] == keys[2]);
  BOOST_TEST(rr->replayCount() == 1);
  BOOST_TEST(rr->writeCount() == 2);
  BOOST_TEST(athletes("race_10k").size() == 3u);
  BOOST_TEST(stored("SELECT count(*) FROM athletes") == 5);
}

BOOST_AUTO_TEST_CASE(an_event_scoped_key_makes_no_request_and_exits_78) {
  auto result = run("", "rr_e_readonly_4411");
  BOOST_TEST(result.exitCode == 78);
  BOOST_TEST(contains(result.err,
                      "RACERANGER_API_KEY is an event-scoped key (rr_e_...), which is "
                      "read-only and can never push athletes: mint an org key"),
             result.err);
  BOOST_TEST(!contains(result.err + result.out, "rr_e_readonly_4411"));
  BOOST_TEST(server.requests().empty());
}

// Issue 12: the Idempotency-Key came from the batch alone, so bib none -> 41 -> 141 -> 41 rebuilt
// an earlier batch, RaceRanger replayed its old answer and kept 141 for good.
BOOST_AUTO_TEST_CASE(an_undone_bib_change_within_the_hour_reaches_raceranger) {
  std::string csv = kCsv;
  auto withBib = [&](const std::string& bib) {
    std::string text = csv;
    text.replace(text.find("2003,,"), 6, "2003," + bib + ",");
    test::writeFile(dir.file("registrations.csv"), text);
    auto result = run();
    BOOST_TEST(result.exitCode == 0, result.err);
    std::string held;
    for (const auto& a : rr->athletes("race_mara")) {
      if (a.externalId == "2003") held = a.number;
    }
    return held;
  };
  BOOST_TEST(withBib("") == "");
  BOOST_TEST(withBib("41") == "41");
  BOOST_TEST(withBib("141") == "141");
  BOOST_TEST(withBib("41") == "41", "the undone change reached RaceRanger");
  BOOST_TEST(rr->replayCount() == 0);
  auto keys = rr->idempotencyKeysSeen();
  BOOST_TEST(std::set<std::string>(keys.begin(), keys.end()).size() == keys.size(),
             "no Idempotency-Key was used twice");
}

// Issue 12: a registrant moved to another race stayed in the old one too, a withdrawn one stayed
// in RaceRanger, and "now in RaceRanger" counted racesync's own records.
BOOST_AUTO_TEST_CASE(a_moved_athlete_ends_in_the_new_race_only_and_a_withdrawn_one_in_none) {
  BOOST_TEST(run().exitCode == 0);
  rr->putAthlete("race_mara", {"walk-in-1", "999", "Walk", "In", "", "", "", ""});
  std::string csv = kCsv;
  csv.replace(csv.find("2002,102,Bernd,Beispiel,,bernd@example.org,Marathon"), 51,
              "2002,102,Bernd,Beispiel,,bernd@example.org,10 km");
  csv.erase(csv.find("2001,101"), csv.find("2002,102") - csv.find("2001,101"));
  test::writeFile(dir.file("registrations.csv"), csv);
  auto result = run();
  BOOST_TEST(result.exitCode == 0, result.err);
  std::vector<std::string> marathon = {"walk-in-1|999|Walk|In||||"};
  BOOST_TEST(athletes("race_mara") == marathon, boost::test_tools::per_element());
  BOOST_TEST(athletes("race_10k").size() == 4u);
  BOOST_TEST(athletes("race_10k")[0] == "2002|102|Bernd|Beispiel|male|M40||AUT");
  BOOST_TEST(rr->deleteCount() == 2);
  // The summary counts what RaceRanger lists, the walk-in included.
  BOOST_TEST(contains(result.out, "now in RaceRanger: 10K 4, Marathon 1"), result.out);

  auto again = run();
  BOOST_TEST(again.exitCode == 0, again.err);
  BOOST_TEST(rr->deleteCount() == 2, "nothing left to delete");
  BOOST_TEST(imports() == 3, "nothing left to push");
}

BOOST_AUTO_TEST_CASE(an_athlete_left_in_a_started_race_is_a_problem_with_the_fix) {
  BOOST_TEST(run().exitCode == 0);
  rr->setRaceStatus("race_mara", "active");
  std::string csv = kCsv;
  csv.erase(csv.find("2001,101"), csv.find("2002,102") - csv.find("2001,101"));
  test::writeFile(dir.file("registrations.csv"), csv);
  auto result = run();
  BOOST_TEST(result.exitCode == 0, result.err);
  BOOST_TEST(athletes("race_mara").size() == 2u);
  BOOST_TEST(stored("SELECT count(*) FROM problems WHERE code = 'athlete_not_removed' AND "
                    "message LIKE '%athlete 101 is still in race ''Marathon'' (race_mara) "
                    "(withdrawn): the race is active%'") == 1);
}

// Issue 12: with RACEMAP and RaceRanger on one host and port, the connection RACEMAP opened was
// reused with RACEMAP's timeout. core/net keeps one connection per service (PocoHttpTransport):
// here the keys step talks to RACEMAP (30 s) on the same server first, then RaceRanger, slowed
// to 3 s an answer, must give up after its own 300 ms and one try.
BOOST_AUTO_TEST_CASE(raceranger_timeout_holds_when_racemap_shares_its_host_and_port) {
  auto racemap = std::make_shared<sandbox::RacemapSandbox>("rm_token");
  racemap->addEvent("rm_evt", "City Run");
  server.add(racemap);
  rr->faults().delay(3000);
  auto result = test::runRacesync(
      {"run", "-c",
       config("max_tries = 1\n[racemap]\nbase_url = " + server.baseUrl() +
              "\nevent_id = rm_evt\ntimeout_ms = 30000\n[raceranger]\ntimeout_ms = 300\n"),
       "--steps", "import,keys,raceranger"},
      {{"RACERANGER_API_KEY", kKey}, {"RACEMAP_TOKEN", "rm_token"}});
  BOOST_TEST(result.exitCode == 75, result.out + result.err);
  BOOST_TEST(server.countRequests("GET", "/api/events/rm_evt") > 0, "RACEMAP was asked first");
  BOOST_TEST(contains(result.err, "GET /v1/events/evt_city/races"), result.err);
  BOOST_TEST(contains(result.out, "6 new from RACEMAP"), result.out);
  BOOST_TEST(server.countRequests("GET", "/v1/events/evt_city/races") == 1, "one try only");
}

BOOST_AUTO_TEST_CASE(a_missing_scope_exits_69_naming_the_scope) {
  rr->addKey("rr_o_reader", {"read:races", "read:athletes"});
  auto result = run("", "rr_o_reader");
  BOOST_TEST(result.exitCode == 69);
  BOOST_TEST(contains(result.err,
                      "HTTP 403 forbidden: this key lacks scope write:athletes: the "
                      "key needs scope write:athletes"),
             result.err);
}

BOOST_AUTO_TEST_CASE(a_bad_key_exits_69) {
  auto result = run("", "rr_o_wrong");
  BOOST_TEST(result.exitCode == 69);
  BOOST_TEST(contains(result.err, "GET /v1/events/evt_city/races: HTTP 401 unauthorized"),
             result.err);
  BOOST_TEST(imports() == 0);
}

BOOST_AUTO_TEST_CASE(an_active_race_is_skipped_and_reported) {
  rr->setRaceStatus("race_mara", "active");
  auto result = run();
  BOOST_TEST(result.exitCode == 0, result.err);
  BOOST_TEST(server.countRequests("POST", "race_mara") == 0);
  BOOST_TEST(athletes("race_10k").size() == 3u);
  BOOST_TEST(contains(result.out, "race 'Marathon' (race_mara) is active: 2 athletes not pushed"),
             result.out);
  BOOST_TEST(stored("SELECT count(*) FROM races WHERE race_id = 'race_mara' AND status = "
                    "'active' AND note = 'not pushed: race is active'") == 1);
}

BOOST_AUTO_TEST_CASE(a_dry_run_plans_the_push_and_writes_nothing) {
  BOOST_TEST(run().exitCode == 0);
  std::string csv = kCsv;
  csv.replace(csv.find("Eli,Lind"), 8, "Eli,Lindqvist");
  test::writeFile(dir.file("registrations.csv"), csv);
  // The import's own dry run rolls back, so the change is imported for real first.
  auto imported = test::runRacesync({"run", "-c", config(), "--steps", "import"});
  BOOST_TEST(imported.exitCode == 0, imported.err);
  auto result = test::runRacesync({"run", "-c", config(), "--steps", "raceranger", "--dry-run"},
                                  {{"RACERANGER_API_KEY", kKey}});
  BOOST_TEST(result.exitCode == 0, result.err);
  BOOST_TEST(contains(result.out, "create 0 and update 1 athletes in race '10K' (race_10k)"),
             result.out);
  BOOST_TEST(imports() == 2);
}

BOOST_AUTO_TEST_CASE(no_race_mapping_lists_the_events_races_and_exits_78) {
  std::string path = dir.file("bare.ini");
  test::writeFile(path, "out.dir = " + dir.file("out") + "\nstate.event = t" +
                            "\nregistrations.files = registrations.csv\n[raceranger]\nbase_url = " +
                            server.baseUrl() + "\nevent_id = evt_city\n");
  auto result = test::runRacesync({"run", "-c", path, "--steps", "import,raceranger"},
                                  {{"RACERANGER_API_KEY", kKey}});
  BOOST_TEST(result.exitCode == 78);
  BOOST_TEST(contains(result.err,
                      "event evt_city has race_mara 'Marathon' (scheduled), race_10k "
                      "'10K' (scheduled)"),
             result.err);
}

BOOST_AUTO_TEST_SUITE_END()
