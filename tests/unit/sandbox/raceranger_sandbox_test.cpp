#include "sandbox/raceranger_sandbox.h"

#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "core/base/clock.h"
#include "sandbox/in_process_transport.h"

using namespace racesync;

namespace {

const char* const kOrg = "rr_o_full";

struct SandboxFixture {
  ManualClock clock;
  std::shared_ptr<sandbox::RaceRangerSandbox> rr =
      std::make_shared<sandbox::RaceRangerSandbox>(clock);
  sandbox::InProcessTransport http;

  SandboxFixture() {
    rr->addEvent("evt_1", "City Run");
    rr->addEvent("evt_2", "Other Run");
    rr->addRace("evt_1", "race_m", "Marathon");
    rr->addRace("evt_1", "race_h", "Half", "active");
    rr->addRace("evt_2", "race_x", "Elsewhere");
    rr->addKey(kOrg, {"read:events", "read:races", "read:athletes", "write:athletes"});
    http.add(rr);
  }

  HttpResponse get(const std::string& path, const std::string& key = kOrg) {
    HttpRequest request;
    request.url = http.baseUrl() + path;
    request.headers.emplace_back("Authorization", "Bearer " + key);
    request.timeoutMs = 5000;
    return http.send(request);
  }

  HttpResponse import(const std::string& race, const std::string& body,
                      const std::string& idempotencyKey = "k1", const std::string& key = kOrg,
                      const std::string& event = "evt_1") {
    HttpRequest request;
    request.method = "POST";
    request.url = http.baseUrl() + "/v1/events/" + event + "/races/" + race + "/athletes:import";
    request.headers.emplace_back("Authorization", "Bearer " + key);
    if (!idempotencyKey.empty()) request.headers.emplace_back("Idempotency-Key", idempotencyKey);
    request.body = body;
    request.contentType = "application/json";
    request.timeoutMs = 5000;
    return http.send(request);
  }
};

std::string athlete(const std::string& id, const std::string& number, const std::string& last,
                    const std::string& gender = "\"female\"") {
  return "{\"externalId\": \"" + id + "\", \"number\": \"" + number +
         "\", \"firstName\": \"Anna\", \"lastName\": \"" + last + "\", \"gender\": " + gender +
         ", \"ageGroup\": \"W30\", \"team\": \"\", \"country\": \"DE\"}";
}

std::string body(const std::vector<std::string>& athletes) {
  std::string text = "{\"athletes\": [";
  for (std::size_t i = 0; i < athletes.size(); ++i) text += (i ? ", " : "") + athletes[i];
  return text + "]}";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(raceranger_sandbox_test, SandboxFixture)

BOOST_AUTO_TEST_CASE(answers_401_without_a_valid_key) {
  HttpResponse response = get("/v1/events", "rr_o_unknown");
  BOOST_TEST(response.status == 401);
  BOOST_TEST(response.body.find("\"code\":\"unauthorized\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lists_in_the_data_envelope_with_cursor_pages) {
  rr->setPageSize(1);
  HttpResponse first = get("/v1/events/evt_1/races");
  BOOST_TEST(first.status == 200);
  BOOST_TEST(first.body ==
             "{\"data\": [{\"id\":\"race_m\",\"name\":\"Marathon\",\"status\":\"scheduled\"}], "
             "\"nextCursor\": \"c1\"}");
  HttpResponse second = get("/v1/events/evt_1/races?cursor=c1");
  BOOST_TEST(second.body ==
             "{\"data\": [{\"id\":\"race_h\",\"name\":\"Half\",\"status\":\"active\"}], "
             "\"nextCursor\": null}");
  BOOST_TEST(first.header("X-RateLimit-Limit-Minute") == "120");
  BOOST_TEST(first.header("X-RateLimit-Limit-Hour") == "1000");
  BOOST_TEST(second.header("X-RateLimit-Remaining-Minute") == "118");
}

BOOST_AUTO_TEST_CASE(an_event_outside_the_keys_reach_is_403_never_404) {
  rr->addKey("rr_o_restricted", {"read:events", "read:races"}, {"evt_1"});
  BOOST_TEST(get("/v1/events/evt_2/races", "rr_o_restricted").status == 403);
  BOOST_TEST(get("/v1/events/evt_nope/races", "rr_o_restricted").status == 403);
  BOOST_TEST(get("/v1/events/evt_1/races", "rr_o_restricted").status == 200);
  HttpResponse events = get("/v1/events", "rr_o_restricted");
  BOOST_TEST(events.body.find("evt_2") == std::string::npos);
  // A race of another event, named under a reachable one, is out of reach too.
  BOOST_TEST(import("race_x", body({athlete("r1", "1", "A")})).status == 403);
}

BOOST_AUTO_TEST_CASE(a_missing_scope_is_403_naming_it) {
  rr->addKey("rr_o_readonly", {"read:races"});
  HttpResponse response = import("race_m", body({athlete("r1", "1", "A")}), "k1", "rr_o_readonly");
  BOOST_TEST(response.status == 403);
  BOOST_TEST(response.body.find("write:athletes") != std::string::npos);
  BOOST_TEST(rr->athletes("race_m").empty());
}

BOOST_AUTO_TEST_CASE(an_event_scoped_key_cannot_write) {
  rr->addKey("rr_e_event", {"read:races", "read:athletes"}, {"evt_1"});
  BOOST_TEST(get("/v1/events/evt_1/races", "rr_e_event").status == 200);
  HttpResponse response = import("race_m", body({athlete("r1", "1", "A")}), "k1", "rr_e_event");
  BOOST_TEST(response.status == 403);
  BOOST_TEST(response.body.find("read-only") != std::string::npos);
  BOOST_CHECK_THROW(rr->addKey("rr_e_bad", {"write:athletes"}, {"evt_1"}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(imports_upserting_by_external_id) {
  HttpResponse first = import("race_m", body({athlete("r1", "1", "A"), athlete("r2", "2", "B")}));
  BOOST_TEST(first.status == 200);
  BOOST_TEST(first.body ==
             "{\"data\":{\"created\":2,\"updated\":0,\"unchanged\":0,\"errors\":[]}}");
  HttpResponse second =
      import("race_m", body({athlete("r1", "1", "A"), athlete("r2", "2", "Beta")}), "k2");
  BOOST_TEST(second.body ==
             "{\"data\":{\"created\":0,\"updated\":1,\"unchanged\":1,\"errors\":[]}}");
  auto athletes = rr->athletes("race_m");
  BOOST_TEST(athletes.size() == 2u);
  BOOST_TEST(athletes[1].lastName == "Beta");
  BOOST_TEST(athletes[1].gender == "female");
  BOOST_TEST(rr->writeCount() == 2);
  HttpResponse list = get("/v1/events/evt_1/races/race_m/athletes");
  BOOST_TEST(list.body.find("\"externalId\":\"r2\",\"number\":\"2\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reports_row_errors_by_index_and_stores_the_rest) {
  HttpResponse response = import(
      "race_m", body({athlete("r1", "1", "A"), athlete("r2", "", "B"), athlete("r3", "1", "C"),
                      athlete("r4", "4", "D", "\"f\""), athlete("r5", "5", "E", "null")}));
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body.find("{\"index\":1,\"code\":\"missing_number\"") != std::string::npos);
  BOOST_TEST(response.body.find("{\"index\":2,\"code\":\"duplicate_number\"") != std::string::npos);
  BOOST_TEST(response.body.find("{\"index\":3,\"code\":\"invalid_gender\"") != std::string::npos);
  BOOST_TEST(response.body.find("\"created\":2") != std::string::npos);
  BOOST_TEST(rr->athletes("race_m").size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_started_race_answers_409_race_started) {
  HttpResponse response = import("race_h", body({athlete("r1", "1", "A")}));
  BOOST_TEST(response.status == 409);
  BOOST_TEST(response.body.find("race_started") != std::string::npos);
  rr->setRaceStatus("race_m", "ended");
  BOOST_TEST(import("race_m", body({athlete("r1", "1", "A")}), "k2").status == 409);
  BOOST_TEST(rr->writeCount() == 0);
}

BOOST_AUTO_TEST_CASE(a_batch_above_the_cap_answers_413) {
  rr->setBatchCap(2);
  auto three = body({athlete("r1", "1", "A"), athlete("r2", "2", "B"), athlete("r3", "3", "C")});
  BOOST_TEST(import("race_m", three).status == 413);
  BOOST_TEST(rr->athletes("race_m").empty());
}

BOOST_AUTO_TEST_CASE(a_write_without_idempotency_key_answers_400) {
  HttpResponse response = import("race_m", body({athlete("r1", "1", "A")}), "");
  BOOST_TEST(response.status == 400);
  BOOST_TEST(rr->athletes("race_m").empty());
}

BOOST_AUTO_TEST_CASE(a_malformed_body_answers_422_invalid_argument) {
  HttpResponse response = import("race_m", "{\"athletes\": 7}");
  BOOST_TEST(response.status == 422);
  BOOST_TEST(response.body.find("invalid_argument") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(replays_the_same_key_and_body_and_refuses_another_body) {
  auto one = body({athlete("r1", "1", "A")});
  HttpResponse first = import("race_m", one, "same");
  HttpResponse replay = import("race_m", one, "same");
  BOOST_TEST(replay.status == 200);
  BOOST_TEST(replay.body == first.body);
  BOOST_TEST(rr->writeCount() == 1);
  BOOST_TEST(rr->replayCount() == 1);
  HttpResponse other = import("race_m", body({athlete("r1", "1", "Other")}), "same");
  BOOST_TEST(other.status == 422);
  BOOST_TEST(other.body.find("idempotency_mismatch") != std::string::npos);
  BOOST_TEST(rr->athletes("race_m")[0].lastName == "A");
  // After 24 hours the key is forgotten: the same body is a new write.
  clock.advanceMs(24 * 3600 * 1000 + 1);
  BOOST_TEST(import("race_m", one, "same").status == 200);
  BOOST_TEST(rr->writeCount() == 2);
  BOOST_TEST(rr->idempotencyKeysSeen().size() == 4u);
}

BOOST_AUTO_TEST_CASE(over_the_minute_limit_answers_429_with_retry_after) {
  rr->setRateLimits(3, 5);
  for (int i = 0; i < 3; ++i) BOOST_TEST(get("/v1/events").status == 200);
  clock.advanceMs(20000);
  HttpResponse limited = get("/v1/events");
  BOOST_TEST(limited.status == 429);
  BOOST_TEST(limited.header("Retry-After") == "40");
  BOOST_TEST(limited.header("X-RateLimit-Remaining-Minute") == "0");
  clock.advanceMs(40000);
  BOOST_TEST(get("/v1/events").status == 200);
  BOOST_TEST(get("/v1/events").status == 200);
  clock.advanceMs(60000);
  HttpResponse hourly = get("/v1/events");  // the sixth of the hour
  BOOST_TEST(hourly.status == 429);
  BOOST_TEST(hourly.header("Retry-After") == "3480");
  BOOST_TEST(rr->rateLimitedCount() == 2);
  BOOST_TEST(rr->peakPerMinute() == 3);
}

BOOST_AUTO_TEST_CASE(throttle_next_answers_429_whatever_the_windows_say) {
  rr->throttleNext(2, 1);
  BOOST_TEST(get("/v1/events").header("Retry-After") == "1");
  BOOST_TEST(get("/v1/events").status == 429);
  BOOST_TEST(get("/v1/events").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
