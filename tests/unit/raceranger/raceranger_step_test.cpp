// The raceranger step against the RaceRanger sandbox reached in process (InProcessTransport),
// client and sandbox sharing one ManualClock: pacing, Retry-After and backoff move simulated time,
// never real time.
#include "core/raceranger/raceranger_step.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/run/progress.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"
#include "sandbox/in_process_transport.h"
#include "sandbox/raceranger_sandbox.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

const char* const kKey = "rr_o_test_key";

// Counts requests and can simulate a crash: the answer of the n-th import arrives, then the
// process "dies" before storing it.
class CountingTransport : public HttpTransport {
 public:
  HttpResponse send(const HttpRequest& request) override {
    ++sent;
    HttpResponse response = real.send(request);
    if (request.method == "POST" && ++imports == crashAfterImport) {
      throw std::runtime_error("simulated crash after the answer");
    }
    if (request.method == "POST" && imports == timeOutImport) {
      throw TransportError(TransportFailure::kTimeout, "POST: no answer in time");
    }
    return response;
  }
  sandbox::InProcessTransport real;
  int sent = 0;
  int imports = 0;
  int crashAfterImport = 0;
  int timeOutImport = 0;  // this import is done by the service, but its answer comes too late
};

struct StepFixture {
  ManualClock clock;
  std::shared_ptr<sandbox::RaceRangerSandbox> rr =
      std::make_shared<sandbox::RaceRangerSandbox>(clock);
  CountingTransport http;
  sandbox::InProcessTransport& services = http.real;  // where the requests end up
  StateStore store{":memory:"};
  SilentProgress progress;
  Plan lastPlan;

  StepFixture() {
    rr->addEvent("evt_1", "City Run");
    rr->addRace("evt_1", "race_m", "Marathon");
    rr->addRace("evt_1", "race_h", "Half Marathon");
    rr->addKey(kKey, {"read:events", "read:races", "read:athletes", "write:athletes"});
    services.add(rr);
  }

  std::string ini(const std::string& extra) const {
    return "raceranger.base_url = " + services.baseUrl() +
           "\nraceranger.event_id = evt_1\nraceranger.races.Marathon = race_m\n"
           "raceranger.races.Half Marathon = race_h\nraceranger.timeout_ms = 5000\n" +
           extra;
  }

  StepResult run(const std::string& extra = "", const std::string& key = kKey, bool dryRun = false,
                 const std::string& fullIni = "") {
    Settings settings =
        Settings::fromString(fullIni.empty() ? ini(extra) : fullIni, {{"RACERANGER_API_KEY", key}});
    RunOptions options;
    options.dryRun = dryRun;
    RunContext context{settings, store, http, clock, progress, options, 1, Plan{}};
    RaceRangerStep step(7);
    StepResult result = step.run(context);
    lastPlan = context.plan;
    return result;
  }

  void addRegistrant(const std::string& id, const std::string& bib, const std::string& first,
                     const std::string& last, const std::string& race,
                     const std::string& gender = "female", const std::string& name = "") {
    std::string i = id, b = bib, f = first, l = last, r = race, g = gender, n = name;
    std::string source = "registrations.csv";
    int line = static_cast<int>(++lines_);
    store.session() << "INSERT INTO registrants (id, bib, first_name, last_name, name, race, "
                       "gender, age_group, team, country, source, line) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, 'W30', 'Club', 'DE', ?, ?)",
        use(i), use(b), use(f), use(l), use(n), use(r), use(g), use(source), use(line), now;
  }

  void addMany(int count, const std::string& race = "Marathon") {
    for (int i = 0; i < count; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "R%05d", i);
      addRegistrant(id, std::to_string(i + 1), "First", "Last" + std::to_string(i), race);
    }
  }

  std::string outcome(const std::string& id) {
    std::string value, registrationId = id;
    store.session() << "SELECT coalesce(max(outcome), '') FROM athletes WHERE registration_id = ?",
        use(registrationId), into(value), now;
    return value;
  }

  int imports() { return services.countRequests("POST", "athletes:import"); }

 private:
  long lines_ = 1;
};

long long countOf(const StepResult& result, const std::string& name) {
  for (const auto& [key, value] : result.counts) {
    if (key == name) return value;
  }
  BOOST_FAIL("no count " + name);
  return -1;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(raceranger_step_test, StepFixture)

BOOST_AUTO_TEST_CASE(pushes_active_registrants_with_bibs_to_their_races) {
  addRegistrant("R1", "1", "Anna", "Schmidt", "Marathon");
  addRegistrant("R2", "2", "Ben", "Meier", "Half Marathon", "male");
  addRegistrant("R3", "", "Carl", "Nobib", "Marathon");
  addRegistrant("R4", "4", "Dora", "Gone", "Marathon");
  store.session() << "UPDATE registrants SET status = 'withdrawn' WHERE id = 'R4'", now;
  StepResult result = run();
  BOOST_TEST(countOf(result, "created") == 2);
  BOOST_TEST(countOf(result, "without_bib") == 1);
  auto marathon = rr->athletes("race_m");
  BOOST_REQUIRE(marathon.size() == 1u);
  BOOST_TEST(marathon[0].externalId == "R1");
  BOOST_TEST(marathon[0].number == "1");
  BOOST_TEST(marathon[0].firstName == "Anna");
  BOOST_TEST(marathon[0].lastName == "Schmidt");
  BOOST_TEST(marathon[0].gender == "female");
  BOOST_TEST(marathon[0].ageGroup == "W30");
  BOOST_TEST(marathon[0].team == "Club");
  BOOST_TEST(marathon[0].country == "DE");
  auto half = rr->athletes("race_h");
  BOOST_REQUIRE(half.size() == 1u);
  BOOST_TEST(half[0].gender == "male");
  BOOST_TEST(outcome("R1") == "created");
  BOOST_TEST(outcome("R3") == "");
  auto keys = rr->idempotencyKeysSeen();
  BOOST_REQUIRE(keys.size() == 2u);
  BOOST_TEST(keys[0].rfind("racesync-race_m-g1-", 0) == 0u);
  BOOST_TEST(keys[0].size() == std::string("racesync-race_m-g1-").size() + 32);
}

BOOST_AUTO_TEST_CASE(a_second_run_makes_no_write_and_a_changed_surname_pushes_one) {
  addMany(30);
  run();
  BOOST_TEST(rr->writeCount() == 1);
  StepResult second = run();
  BOOST_TEST(rr->writeCount() == 1);
  BOOST_TEST(imports() == 1);
  BOOST_TEST(countOf(second, "unchanged") == 30);
  store.session() << "UPDATE registrants SET last_name = 'Changed' WHERE id = 'R00007'", now;
  StepResult third = run();
  BOOST_TEST(countOf(third, "updated") == 1);
  BOOST_TEST(countOf(third, "unchanged") == 29);
  BOOST_TEST(rr->writeCount() == 2);
  BOOST_TEST(rr->athletes("race_m")[7].lastName == "Changed");
  BOOST_TEST(outcome("R00007") == "updated");
}

// At 200,000 registrants a re-run read back 2,000 listing pages of 100: two hours of a key's
// 1,000 requests an hour, so the re-run never finished. A race over the read-back budget is left
// to the records (and the run says so) until its last reading is a week old.
BOOST_AUTO_TEST_CASE(a_race_over_the_read_back_budget_is_left_to_the_records_until_a_week_old) {
  rr->setPageSize(10);
  addMany(50);
  const std::string budget = "raceranger.read_back_budget = 3\n";
  run(budget);  // the race was empty: one page read back
  BOOST_TEST(rr->athletes("race_m").size() == 50u);
  auto handEdit = [&](const std::string& surname) {
    sandbox::RaceRangerAthlete athlete = rr->athletes("race_m")[7];
    athlete.lastName = surname;
    rr->putAthlete("race_m", athlete);
  };

  // Still expected to fit (nothing read back held anyone yet): read back, and the edit undone.
  handEdit("Edited in the app");
  StepResult second = run(budget);
  BOOST_TEST(countOf(second, "updated") == 1);
  BOOST_TEST(rr->athletes("race_m")[7].lastName == "Last7");

  // Now known to take 5 pages or more: left to the records, said in a note, nothing listed.
  handEdit("Edited again");
  const int before = http.sent;
  StepResult third = run(budget);
  BOOST_TEST(http.sent - before == 2);  // the races and the empty Half Marathon's one page
  BOOST_TEST(services.countRequests("GET", "race_m/athletes") == 6);  // runs 1 and 2 only
  BOOST_TEST(countOf(third, "unchanged") == 50);
  BOOST_TEST(rr->athletes("race_m")[7].lastName == "Edited again");
  bool said = false;
  for (const auto& note : third.notes) {
    said = said || contains(note,
                            "race 'Marathon' (race_m): not read back this run (about 6 listing "
                            "requests, over raceranger.read_back_budget = 3); racesync's records "
                            "of 50 athletes stand in for it; last read back 2026-01-01T00:00:00Z, "
                            "read back in full at 2026-01-08T00:00:00Z");
  }
  BOOST_TEST(said, "notes: " << third.notes.size());

  // A week later it is read back whatever it costs, and RaceRanger is the truth again.
  clock.advanceMs(7LL * 24 * 3600 * 1000);
  StepResult fourth = run(budget);
  BOOST_TEST(countOf(fourth, "updated") == 1);
  BOOST_TEST(rr->athletes("race_m")[7].lastName == "Last7");
  BOOST_TEST(contains(fourth.notes.at(0),
                      "race 'Marathon' (race_m): read back in full (5 "
                      "requests, over raceranger.read_back_budget)"));
}

BOOST_AUTO_TEST_CASE(splits_the_display_name_when_first_and_last_are_empty) {
  addRegistrant("R1", "1", "", "", "Marathon", "female", "Jan van der Berg");
  run();
  BOOST_TEST(rr->athletes("race_m")[0].firstName == "Jan");
  BOOST_TEST(rr->athletes("race_m")[0].lastName == "van der Berg");
}

BOOST_AUTO_TEST_CASE(a_registrant_of_an_unmapped_race_is_a_problem) {
  addRegistrant("R1", "1", "Anna", "Schmidt", "Sprint");
  addRegistrant("R2", "2", "Ben", "Meier", " marathon ");  // names match loosely
  StepResult result = run();
  BOOST_TEST(countOf(result, "unmapped") == 1);
  BOOST_TEST(rr->athletes("race_m").size() == 1u);
  auto problems = loadProblems(store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].step == "raceranger");
  BOOST_TEST(problems[0].code == "unmapped_race");
  BOOST_TEST(problems[0].message == "registrations.csv:2: race 'Sprint' has no RaceRanger race");
  BOOST_TEST(problems[0].hint == "add raceranger.races.Sprint = <race id> to the configuration");
}

BOOST_AUTO_TEST_CASE(without_any_mapping_lists_the_events_races) {
  addRegistrant("R1", "1", "Anna", "Schmidt", "Marathon");
  std::string bare =
      "raceranger.base_url = " + services.baseUrl() + "\nraceranger.event_id = evt_1\n";
  try {
    run("", kKey, false, bare);
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "raceranger.races: no race of the registrations is mapped to a RaceRanger race: "
               "add one line per race, raceranger.races.<race name as in the registrations> = "
               "<race id>; event evt_1 has race_m 'Marathon' (scheduled), race_h 'Half "
               "Marathon' (scheduled)");
  }
  BOOST_TEST(imports() == 0);
}

BOOST_AUTO_TEST_CASE(a_mapped_race_the_event_lacks_is_a_configuration_error) {
  addRegistrant("R1", "1", "Anna", "Schmidt", "Marathon");
  BOOST_CHECK_EXCEPTION(run("raceranger.races.Ultra = race_nope\n"), ConfigurationError,
                        [](const ConfigurationError& e) {
                          return contains(e.message(),
                                          "raceranger.races.Ultra: 'race_nope' is "
                                          "not a race of event evt_1");
                        });
}

BOOST_AUTO_TEST_CASE(an_event_scoped_key_is_refused_before_any_request) {
  rr->addKey("rr_e_event_key", {"read:races"}, {"evt_1"});
  addRegistrant("R1", "1", "Anna", "Schmidt", "Marathon");
  BOOST_CHECK_EXCEPTION(run("", "rr_e_event_key"), ConfigurationError,
                        [](const ConfigurationError& e) {
                          return contains(e.message(),
                                          "event-scoped key (rr_e_...), which is "
                                          "read-only") &&
                                 contains(e.message(), "write:athletes") && exitCodeFor(e) == 78;
                        });
  BOOST_TEST(services.requests().empty());
}

BOOST_AUTO_TEST_CASE(a_missing_scope_is_a_remote_error_naming_the_scope) {
  rr->addKey("rr_o_no_write", {"read:races", "read:athletes"});
  addRegistrant("R1", "1", "Anna", "Schmidt", "Marathon");
  BOOST_CHECK_EXCEPTION(run("", "rr_o_no_write"), RemoteError, [](const RemoteError& e) {
    return contains(e.message(),
                    "POST /v1/events/evt_1/races/race_m/athletes:import: HTTP 403 forbidden: "
                    "this key lacks scope write:athletes: the key needs scope write:athletes") &&
           exitCodeFor(e) == 69;
  });
}

BOOST_AUTO_TEST_CASE(a_bad_key_is_a_remote_error) {
  addRegistrant("R1", "1", "Anna", "Schmidt", "Marathon");
  BOOST_CHECK_EXCEPTION(run("", "rr_o_wrong"), RemoteError, [](const RemoteError& e) {
    return contains(e.message(), "GET /v1/events/evt_1/races: HTTP 401 unauthorized") &&
           !contains(e.message(), "rr_o_wrong");
  });
}

BOOST_AUTO_TEST_CASE(an_active_race_is_skipped_and_reported) {
  rr->setRaceStatus("race_h", "active");
  addRegistrant("R1", "1", "Anna", "Schmidt", "Marathon");
  addRegistrant("R2", "2", "Ben", "Meier", "Half Marathon");
  StepResult result = run();
  BOOST_TEST(countOf(result, "race_started") == 1);
  BOOST_TEST(rr->athletes("race_h").empty());
  BOOST_TEST(rr->athletes("race_m").size() == 1u);
  BOOST_REQUIRE(result.notes.size() == 1u);
  BOOST_TEST(result.notes[0] == "race 'Half Marathon' (race_h) is active: 1 athletes not pushed");
  std::string note;
  store.session() << "SELECT note FROM races WHERE race_id = 'race_h'", into(note), now;
  BOOST_TEST(note == "not pushed: race is active");
  BOOST_TEST(services.countRequests("POST", "race_h") == 0);
}

BOOST_AUTO_TEST_CASE(race_started_at_import_time_stops_that_race_only) {
  addMany(4, "Half Marathon");
  addRegistrant("M1", "100", "Anna", "Schmidt", "Marathon");
  // The race starts between the listing and the import.
  services.observe([this](const sandbox::Request& request) {
    if (request.method == "POST") rr->setRaceStatus("race_h", "active");
  });
  StepResult result = run("raceranger.batch_size = 2\n");
  BOOST_TEST(countOf(result, "race_started") == 4);
  BOOST_TEST(services.countRequests("POST", "race_h") == 1);  // stops after the first 409
  BOOST_TEST(rr->athletes("race_m").size() == 1u);
  BOOST_REQUIRE(result.notes.size() == 1u);
  BOOST_TEST(contains(result.notes[0],
                      "race 'Half Marathon' (race_h) has started (HTTP 409 "
                      "race_started"));
}

BOOST_AUTO_TEST_CASE(rejected_athletes_are_stored_problems_until_they_change) {
  addRegistrant("R1", "7", "Anna", "Schmidt", "Marathon");
  addRegistrant("R2", "7", "Ben", "Meier", "Marathon");  // the same bib
  StepResult result = run();
  BOOST_TEST(countOf(result, "created") == 1);
  BOOST_TEST(countOf(result, "rejected") == 1);
  BOOST_TEST(outcome("R2") == "rejected");
  auto problems = loadProblems(store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].code == "duplicate_number");
  BOOST_TEST(problems[0].message ==
             "registrations.csv:3: RaceRanger rejected athlete 7: duplicate_number: number 7 is "
             "taken by athlete R1");
  StepResult again = run();
  BOOST_TEST(imports() == 1);
  BOOST_TEST(countOf(again, "rejected") == 1);
  BOOST_TEST(loadProblems(store).size() == 1u);
  store.session() << "UPDATE registrants SET bib = '8' WHERE id = 'R2'", now;
  run();
  BOOST_TEST(outcome("R2") == "created");
  BOOST_TEST(loadProblems(store).empty());
}

BOOST_AUTO_TEST_CASE(a_server_echoing_the_key_never_gets_it_into_notes_or_errors) {
  addRegistrant("R1", "1", "Anna", "Schmidt", "Marathon");
  rr->faults().failNext(1, 409,
                        std::string("{\"error\": {\"code\": \"race_started\", \"message\": "
                                    "\"started; you sent Bearer ") +
                            kKey + "\"}}",
                        "athletes:import");
  StepResult result = run();
  BOOST_REQUIRE(result.notes.size() == 1u);
  BOOST_TEST(contains(result.notes[0], "you sent Bearer ***"));
  BOOST_TEST(!contains(result.notes[0], kKey));
  rr->faults().failNext(1, 400, std::string("Authorization: Bearer ") + kKey, "athletes:import");
  BOOST_CHECK_EXCEPTION(run(), RemoteError, [](const RemoteError& e) {
    return contains(e.message(), "HTTP 400: Authorization: Bearer ***") &&
           !contains(e.message(), kKey);
  });
}

BOOST_AUTO_TEST_CASE(halves_batch_on_413) {
  rr->setBatchCap(3);
  addMany(10);
  StepResult result = run("raceranger.batch_size = 8\n");
  BOOST_TEST(countOf(result, "created") == 10);
  BOOST_TEST(rr->athletes("race_m").size() == 10u);
  // 8 -> 413, then batches of 4 -> 413, then 2,2,2,2,2.
  BOOST_TEST(imports() == 7);
}

BOOST_AUTO_TEST_CASE(waits_retry_after_on_429_with_the_same_idempotency_key) {
  addMany(3);
  rr->throttleNext(0, 1);
  services.observe([this](const sandbox::Request& request) {
    if (request.method == "POST" && imports() == 1) rr->throttleNext(2, 7);
  });
  run();
  auto keys = rr->idempotencyKeysSeen();
  BOOST_TEST(keys.size() == 1u);  // throttled requests never reach the import
  BOOST_TEST(imports() == 3);
  BOOST_TEST(clock.sleptMs() == 14000);
  BOOST_TEST(rr->athletes("race_m").size() == 3u);
}

BOOST_AUTO_TEST_CASE(rides_out_a_burst_of_5xx_with_backoff_and_the_same_key) {
  addMany(3);
  rr->faults().failNext(3, 503, "<html>bad gateway</html>", "athletes:import");
  run();
  BOOST_TEST(imports() == 4);
  BOOST_TEST(rr->writeCount() == 1);
  auto keys = rr->idempotencyKeysSeen();
  BOOST_TEST(keys.size() == 1u);  // failed requests never reached the import
  // Backoff 1 s, 2 s, 4 s, each between half and all of it.
  BOOST_TEST(clock.sleptMs() >= 3500);
  BOOST_TEST(clock.sleptMs() <= 7000);
}

BOOST_AUTO_TEST_CASE(gives_up_after_max_tries_with_a_temporary_error) {
  addMany(3);
  rr->faults().failNext(10, 502, "", "athletes:import");
  BOOST_CHECK_EXCEPTION(run("raceranger.max_tries = 4\n"), TemporaryError,
                        [](const TemporaryError& e) {
                          return contains(e.message(), "HTTP 502 (4 tries): RaceRanger is busy") &&
                                 exitCodeFor(e) == 75;
                        });
  BOOST_TEST(imports() == 4);
  BOOST_TEST(outcome("R00000") == "");
}

BOOST_AUTO_TEST_CASE(a_dropped_connection_after_the_work_replays_without_duplicates) {
  addMany(5);
  rr->faults().dropAfterHandling(1, "athletes:import");
  StepResult result = run();
  BOOST_TEST(countOf(result, "created") == 5);
  BOOST_TEST(rr->writeCount() == 1);
  BOOST_TEST(rr->replayCount() == 1);
  auto keys = rr->idempotencyKeysSeen();
  BOOST_REQUIRE(keys.size() == 2u);
  BOOST_TEST(keys[0] == keys[1]);
  BOOST_TEST(rr->athletes("race_m").size() == 5u);
}

BOOST_AUTO_TEST_CASE(a_timeout_after_the_work_retries_with_the_same_key_and_replays) {
  addMany(4);
  http.timeOutImport = 1;
  StepResult result = run();
  BOOST_TEST(countOf(result, "created") == 4);
  auto keys = rr->idempotencyKeysSeen();
  BOOST_REQUIRE(keys.size() == 2u);
  BOOST_TEST(keys[0] == keys[1]);
  BOOST_TEST(rr->writeCount() == 1);
  BOOST_TEST(rr->replayCount() == 1);
  BOOST_TEST(clock.sleptMs() >= 500);  // one backoff of 1 s with jitter
  BOOST_TEST(clock.sleptMs() <= 1000);
}

BOOST_AUTO_TEST_CASE(a_malformed_answer_is_retried_and_replayed) {
  addMany(2);
  rr->faults().malformNext(1, "athletes:import");
  StepResult result = run();
  BOOST_TEST(countOf(result, "created") == 2);
  BOOST_TEST(rr->replayCount() == 1);
}

BOOST_AUTO_TEST_CASE(a_crash_before_storing_an_answer_neither_loses_nor_duplicates) {
  addMany(10);
  http.crashAfterImport = 2;
  BOOST_CHECK_THROW(run("raceranger.batch_size = 3\n"), std::runtime_error);
  BOOST_TEST(outcome("R00000") == "created");  // the first batch was stored
  BOOST_TEST(outcome("R00003") == "");         // the second was answered, not stored
  StepResult result = run("raceranger.batch_size = 3\n");
  // RaceRanger's listing shows the second batch: nothing is sent twice, nothing replayed.
  BOOST_TEST(countOf(result, "created") == 4);
  BOOST_TEST(countOf(result, "unchanged") == 6);
  BOOST_TEST(outcome("R00003") == "unchanged");  // recorded now, as RaceRanger holds it
  BOOST_TEST(rr->replayCount() == 0);
  BOOST_TEST(rr->writeCount() == 4);
  BOOST_TEST(rr->athletes("race_m").size() == 10u);
}

BOOST_AUTO_TEST_CASE(a_dry_run_sends_no_write_stores_nothing_and_plans) {
  addMany(3);
  run();
  store.session() << "UPDATE registrants SET last_name = 'Changed' WHERE id = 'R00001'", now;
  addRegistrant("N1", "900", "New", "Comer", "Marathon");
  addRegistrant("N2", "901", "New", "Half", "Half Marathon");
  StepResult result = run("", kKey, true);
  BOOST_TEST(imports() == 1);
  BOOST_TEST(outcome("N1") == "");
  BOOST_REQUIRE(lastPlan.actions.size() == 2u);
  BOOST_TEST(lastPlan.actions[0].first == "raceranger");
  BOOST_TEST(lastPlan.actions[0].second ==
             "create 1 and update 1 athletes in race 'Marathon' (race_m)");
  BOOST_TEST(lastPlan.actions[1].second ==
             "create 1 and update 0 athletes in race 'Half Marathon' (race_h)");
  BOOST_TEST(countOf(result, "unchanged") == 2);
}

BOOST_AUTO_TEST_CASE(paces_1300_batches_of_one_below_both_limits) {
  addMany(1300);
  StepResult result = run("raceranger.batch_size = 1\n");
  BOOST_TEST(countOf(result, "created") == 1300);
  BOOST_TEST(rr->rateLimitedCount() == 0);
  BOOST_TEST(rr->peakPerMinute() == 120);
  BOOST_TEST(rr->peakPerHour() == 1000);
  // 1 listing of races, 2 of athletes (one per mapped race) + 1300 imports: the 1001st
  // request waits for the first to leave its hour.
  BOOST_TEST(http.sent == 1303);
  BOOST_TEST(clock.sleptMs() >= 3600000);
  BOOST_TEST(clock.sleptMs() < 3600000 + 3 * 60000);
}

BOOST_AUTO_TEST_CASE(adopts_the_limits_the_service_announces) {
  rr->setRateLimits(10, 1000);
  addMany(25);
  run("raceranger.batch_size = 1\n");
  BOOST_TEST(rr->rateLimitedCount() == 0);
  BOOST_TEST(rr->peakPerMinute() == 10);
  BOOST_TEST(clock.sleptMs() >= 2 * 60000);
}

BOOST_AUTO_TEST_CASE(follows_the_cursor_through_every_page_of_races) {
  rr->setPageSize(1);
  addRegistrant("R1", "1", "Anna", "Schmidt", "Half Marathon");  // the race on page two
  StepResult result = run();
  BOOST_TEST(countOf(result, "created") == 1);
  BOOST_TEST(services.countRequests("GET", "/races") - services.countRequests("GET", "/athletes") ==
             2);
}

BOOST_AUTO_TEST_CASE(an_unreachable_service_is_a_remote_error_at_once) {
  addRegistrant("R1", "1", "Anna", "Schmidt", "Marathon");
  services.stop();
  BOOST_CHECK_EXCEPTION(run(), RemoteError, [](const RemoteError& e) {
    return contains(e.message(), "GET /v1/events/evt_1/races: cannot reach 127.0.0.1:") &&
           contains(e.message(), "check raceranger.base_url") && exitCodeFor(e) == 69;
  });
  BOOST_TEST(http.sent == 1);  // no retries when the service was never reached
  BOOST_TEST(clock.sleptMs() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
