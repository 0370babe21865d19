// The raceresult step (write-back of keys and links) against the RACE RESULT sandbox reached in
// process, on an in-memory store and a ManualClock: batches, pacing, refusals narrowed down to the
// participant, a refused key, the skips.
#include "core/raceresult/raceresult_step.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/run/progress.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"
#include "sandbox/in_process_transport.h"
#include "sandbox/raceresult_sandbox.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

const std::string kKey = "rrkey-step-3c1d";
const std::string kEvent = "4711";

class RecordingProgress : public SilentProgress {
 public:
  std::vector<std::string> finished;
  void stepFinished(const std::string& step, const std::string& summary) override {
    finished.push_back(step + ": " + summary);
  }
};

struct Fixture {
  ManualClock clock;
  std::shared_ptr<sandbox::RaceResultSandbox> rr =
      std::make_shared<sandbox::RaceResultSandbox>(kKey, kEvent);
  sandbox::InProcessTransport http;
  StateStore store{":memory:"};
  RecordingProgress progress;
  Plan lastPlan;

  Fixture() { http.add(rr); }

  // `count` participants with IDs 1001... and bibs 1..., imported and given a key and a link.
  void addParticipants(int count) {
    for (int i = 0; i < count; ++i) {
      std::string id = std::to_string(1001 + i), bib = std::to_string(i + 1);
      std::string key = "K" + std::to_string(10000 + i), source = "raceresult";
      std::string link = "https://racemap.app/redeem_key?key=" + key + "&startNumber=" + bib;
      rr->addParticipant({{"ID", Poco::Int64(1001 + i)}, {"Bib", Poco::Int64(i + 1)}});
      store.session() << "INSERT INTO registrants (id, bib, source) VALUES (?, ?, ?)", use(id),
          use(bib), use(source), now;
      store.session() << "INSERT INTO keys (key, state, registration_id) VALUES (?, 'assigned', ?)",
          use(key), use(id), now;
      store.session() << "INSERT INTO links (registration_id, key, link) VALUES (?, ?, ?)", use(id),
          use(key), use(link), now;
    }
  }

  StepResult run(const std::string& extra = "", const std::string& key = kKey,
                 bool dryRun = false) {
    Settings settings = Settings::fromString(
        "registrations.source = raceresult\nraceresult.base_url = " + http.baseUrl() +
            "\nraceresult.event_id = " + kEvent +
            "\nraceresult.writeback.key_field = TrackingKey\n"
            "raceresult.writeback.link_field = RacemapLink\n" +
            extra,
        {{"RACERESULT_API_KEY", key}});
    RunOptions options;
    options.dryRun = dryRun;
    RunContext context{settings, store, http, clock, progress, options, 1, Plan{}};
    StepResult result = RaceResultStep().run(context);
    lastPlan = context.plan;
    return result;
  }

  long long count(const StepResult& result, const std::string& name) {
    for (const auto& [key, value] : result.counts) {
      if (key == name) return value;
    }
    return -1;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(raceresult_step_test, Fixture)

BOOST_AUTO_TEST_CASE(writes_key_and_link_in_batches_paced_and_logs_out) {
  addParticipants(5);
  StepResult result =
      run("raceresult.writeback.batch_size = 2\n"
          "raceresult.writeback.per_minute = 2\n"
          "raceresult.writeback.no_history = true\n");
  BOOST_TEST(count(result, "written") == 5);
  BOOST_TEST(count(result, "values") == 10);
  BOOST_TEST(rr->saveCalls() == 3);
  BOOST_TEST(rr->valueOf("1003", "TrackingKey") == "K10002");
  BOOST_TEST(rr->valueOf("1005", "RacemapLink") ==
             "https://racemap.app/redeem_key?key=K10004&startNumber=5");
  BOOST_TEST(rr->lastNoHistory() == "true");
  BOOST_TEST(rr->logins() == 1);
  BOOST_TEST(rr->openSessions() == 0);
  // Two calls a minute: the third (and the logout) waited for the first to leave the window.
  BOOST_TEST(clock.sleptMs() >= 60000);
}

BOOST_AUTO_TEST_CASE(a_rerun_of_the_same_state_makes_no_call_not_even_a_login) {
  addParticipants(3);
  run();
  int calls = rr->saveCalls();
  StepResult again = run();
  BOOST_TEST(rr->saveCalls() == calls);
  BOOST_TEST(rr->logins() == 1);
  BOOST_TEST(count(again, "unchanged") == 3);
  BOOST_TEST(count(again, "written") == 0);
}

BOOST_AUTO_TEST_CASE(a_refused_participant_is_a_problem_and_the_others_are_written) {
  addParticipants(8);
  rr->refuseParticipant("1006");
  StepResult result = run("raceresult.writeback.batch_size = 8\n");
  BOOST_TEST(count(result, "written") == 7);
  BOOST_TEST(count(result, "refused") == 1);
  BOOST_TEST(rr->valueOf("1006", "TrackingKey") == "");
  BOOST_TEST(rr->valueOf("1008", "TrackingKey") == "K10007");
  auto problems = loadProblems(store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].step == "raceresult");
  BOOST_TEST(problems[0].registrationId == "1006");
  BOOST_TEST(problems[0].message ==
             "raceresult:ID 1006: RACE RESULT refused the values of PID 1006: HTTP 400 "
             "participant 1006 is locked");
  // The next run tries the refused one again, and only it.
  int calls = rr->saveCalls();
  StepResult again = run();
  BOOST_TEST(rr->saveCalls() == calls + 1);
  BOOST_TEST(count(again, "refused") == 1);
  BOOST_TEST(loadProblems(store).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_refused_value_is_a_problem_of_its_participant) {
  addParticipants(3);
  rr->refuseValue("K10001");
  StepResult result = run();
  BOOST_TEST(count(result, "written") == 2);
  auto problems = loadProblems(store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].registrationId == "1002");
  BOOST_TEST(problems[0].message.find("value 'K10001' is not valid for field TrackingKey") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(stops_when_everyone_is_refused_one_by_one) {
  addParticipants(6);
  for (int id = 1001; id <= 1006; ++id) rr->refuseParticipant(std::to_string(id));
  std::string error = test::errorOf<RemoteError>([&] { run(); });
  BOOST_TEST(error.find("RACE RESULT refused each of the first 3 participants on its own") !=
                 std::string::npos,
             error);
  BOOST_TEST(error.find("raceresult.writeback.key_field ('TrackingKey')") != std::string::npos);
  BOOST_TEST(rr->openSessions() == 0);
}

BOOST_AUTO_TEST_CASE(a_key_without_write_rights_is_refused_after_one_fresh_login) {
  addParticipants(2);
  const std::string readOnly = "rrkey-readonly-0b0e";
  rr->addReadOnlyKey(readOnly);
  std::string error = test::errorOf<RemoteError>([&] { run("", readOnly); });
  BOOST_TEST(
      error.find("POST /_4711/api/part/savevaluearray: HTTP 403 no rights to change "
                 "participants: RACE RESULT refused the API key in RACERESULT_API_KEY; "
                 "writing back needs a key that may change participants") != std::string::npos,
      error);
  BOOST_TEST(error.find(readOnly) == std::string::npos);
  BOOST_TEST(rr->logins() == 2);
  BOOST_TEST(rr->savedValues().empty());
}

BOOST_AUTO_TEST_CASE(a_dry_run_lists_the_writes_and_sends_nothing) {
  addParticipants(2);
  StepResult result = run("", kKey, true);
  BOOST_TEST(rr->saveCalls() == 0);
  BOOST_TEST(rr->logins() == 0);
  BOOST_REQUIRE(lastPlan.actions.size() == 3u);
  BOOST_TEST(lastPlan.actions[0].first == "raceresult");
  BOOST_TEST(lastPlan.actions[1].second ==
             "PID 1001: TrackingKey = K10000, RacemapLink = "
             "https://racemap.app/redeem_key?key=K10000&startNumber=1");
  BOOST_TEST(count(result, "written") == 0);
}

BOOST_AUTO_TEST_CASE(csv_registrations_skip_the_step_with_a_line) {
  addParticipants(1);
  Settings settings = Settings::fromString(
      "registrations.files = reg.csv\nraceresult.writeback.key_field = TrackingKey\n");
  RunContext context{settings, store, http, clock, progress, RunOptions{}, 1, Plan{}};
  StepResult result = RaceResultStep().run(context);
  BOOST_REQUIRE(progress.finished.size() == 1u);
  BOOST_TEST(progress.finished[0].rfind("raceresult: skipped: the registrations come from CSV "
                                        "files (registrations.source = csv)",
                                        0) == 0);
  BOOST_REQUIRE(result.notes.size() == 1u);
  BOOST_TEST(http.requests().empty());
}

BOOST_AUTO_TEST_CASE(without_a_key_field_the_step_is_skipped_with_a_line) {
  addParticipants(1);
  Settings settings = Settings::fromString("registrations.source = raceresult\n");
  RunContext context{settings, store, http, clock, progress, RunOptions{}, 1, Plan{}};
  RaceResultStep().run(context);
  BOOST_REQUIRE(progress.finished.size() == 1u);
  BOOST_TEST(progress.finished[0] ==
             "raceresult: skipped: raceresult.writeback.key_field is not set, so no key or link "
             "is written back into RACE RESULT");
  BOOST_TEST(rr->saveCalls() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
