// The RaceRanger client on scripted answers: the API key stays out of every message and every
// text it hands on, a wrongly typed answer names the call and the field, fuzzed answers only give
// racesync's errors, and listings stop at the page limit or a repeated cursor.
#include "core/raceranger/raceranger_client.h"

#include <boost/test/unit_test.hpp>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "tests/support/answer_fuzz.h"
#include "tests/support/scripted_transport.h"
#include "tests/support/test_support.h"

using namespace racesync;
using racesync::test::errorOf;
using racesync::test::ScriptedTransport;

namespace {

const std::string kKey = "rr_o_7Hq/2k+Zp9=";
const char* const kImport = "POST /v1/events/evt_1/races/race_1/athletes:import";
const char* const kBody = "{\"athletes\": []}";

RaceRangerConfig config(int maxTries = 2) {
  RaceRangerConfig config;
  config.baseUrl = "http://127.0.0.1:9";
  config.eventId = "evt_1";
  config.apiKey = kKey;
  config.maxTries = maxTries;
  return config;
}

std::string page(const std::string& races, const std::string& next) {
  return "{\"data\": [" + races + "], \"nextCursor\": " + (next.empty() ? "null" : next) + "}";
}

template <class Call>
std::string anyErrorOf(Call call) {
  return errorOf<RacesyncError>(call);
}

bool clean(const std::string& text) { return text.find("rr_o_7Hq") == std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(raceranger_client_test)

BOOST_AUTO_TEST_CASE(never_shows_the_api_key_a_server_echoes_in_an_error) {
  const std::string echoes[] = {
      "Authorization: Bearer " + kKey,
      "{\"error\": {\"code\": \"bad_request\", \"message\": \"Bearer " + kKey + " unknown\"}}",
      "{\"echo\": \"Bearer rr_o_7Hq\\/2k+Zp9=\"}",
      "key=rr_o_7Hq%2F2k%2BZp9%3D",
      std::string(110, '.') + " Bearer " + kKey,  // cut short inside the key
  };
  for (const std::string& echo : echoes) {
    for (int status : {400, 401, 403, 422, 502}) {
      ScriptedTransport http;
      http.answer(status, echo);
      ManualClock clock;
      RaceRangerClient client(config(), http, clock, 1);
      const std::string races = anyErrorOf([&] { client.listRaces(); });
      const std::string import =
          anyErrorOf([&] { client.importAthletes("race_1", kBody, "idem-1"); });
      for (const std::string& message : {races, import}) {
        BOOST_TEST(message.find("HTTP " + std::to_string(status)) != std::string::npos);
        BOOST_TEST(clean(message), message);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(never_hands_on_the_api_key_in_answers_that_reach_the_report) {
  ScriptedTransport http;
  http.answer(409, "{\"error\": {\"code\": \"race_started\", \"message\": \"race started for " +
                       kKey + "\"}}")
      .answer(413, "too large for Bearer " + kKey)
      .answer(200, "{\"data\": {\"created\": 0, \"errors\": [{\"index\": 0, \"code\": \"" + kKey +
                       "\", \"message\": \"number taken, key rr_o_7Hq%2F2k%2BZp9%3D\"}]}}")
      .answer(200, page("{\"id\": \"race_1\", \"name\": \"Run " + kKey + "\"}", ""));
  ManualClock clock;
  RaceRangerClient client(config(), http, clock, 1);
  ImportAnswer started = client.importAthletes("race_1", kBody, "idem-1");
  BOOST_TEST((started.kind == ImportAnswer::Kind::kRaceStarted));
  BOOST_TEST(started.message == "HTTP 409 race_started: race started for ***");
  ImportAnswer tooLarge = client.importAthletes("race_1", kBody, "idem-2");
  BOOST_TEST(tooLarge.message == "HTTP 413: too large for Bearer ***");
  ImportAnswer rejected = client.importAthletes("race_1", kBody, "idem-3");
  BOOST_REQUIRE(rejected.errors.size() == 1u);
  BOOST_TEST(rejected.errors[0].code == "***");
  BOOST_TEST(rejected.errors[0].message == "number taken, key ***");
  BOOST_TEST(client.listRaces()[0].name == "Run ***");
}

BOOST_AUTO_TEST_CASE(never_shows_the_api_key_of_a_lost_answer) {
  ScriptedTransport http;
  http.answer(200, page("", "")).fail(TransportFailure::kDropped, "POST /x: reset " + kKey);
  ManualClock clock;
  RaceRangerClient client(config(3), http, clock, 1);
  client.listRaces();
  BOOST_TEST(errorOf<TemporaryError>([&] { client.importAthletes("race_1", kBody, "idem-1"); }) ==
             "POST /x: reset *** (3 tries): RaceRanger is busy or unreachable: run again "
             "later");
}

BOOST_AUTO_TEST_CASE(a_wrongly_typed_count_is_a_remote_error_naming_the_call_and_field) {
  ScriptedTransport http;
  http.answer(200, "{\"data\":{\"unchanged\":[]}}");
  ManualClock clock;
  RaceRangerClient client(config(), http, clock, 1);
  try {
    client.importAthletes("race_1", kBody, "idem-1");
    BOOST_FAIL("expected a RemoteError");
  } catch (const RemoteError& e) {
    BOOST_TEST(e.message() ==
               std::string(kImport) + ": answer field 'data.unchanged' is not a number");
    BOOST_TEST(exitCodeFor(e) == 69);
  }
  http.answer(200, "{\"data\":{\"errors\":[{\"index\": 1e12}]}}");
  BOOST_TEST(errorOf<RemoteError>([&] { client.importAthletes("race_1", kBody, "idem-2"); }) ==
             std::string(kImport) + ": answer field 'data.errors[0].index' is out of range");
  http.answer(200, page("{\"id\": {\"x\": 1}}", ""));
  BOOST_TEST(errorOf<RemoteError>([&] { client.listRaces(); }) ==
             "GET /v1/events/evt_1/races: answer field 'data[0].id' is not a string");
}

BOOST_AUTO_TEST_CASE(only_racesync_errors_come_out_of_fuzzed_answers) {
  const auto bodies = test::fuzzedAnswers({
      "{\"data\": {\"created\": 2, \"updated\": 1, \"unchanged\": 0, \"errors\": [{\"index\": 1, "
      "\"code\": \"duplicate_number\", \"message\": \"number 7 is taken\"}]}}",
      "{\"data\": [{\"id\": \"race_m\", \"name\": \"Marathon\", \"status\": \"scheduled\"}], "
      "\"nextCursor\": null}",
      "{\"error\": {\"code\": \"race_started\", \"message\": \"race 'M' has started\"}}",
  });
  BOOST_TEST(bodies.size() > 300u);
  int refused = 0;
  for (const std::string& body : bodies) {
    for (int status : {200, 409}) {
      ScriptedTransport http;
      http.answer(status, body);
      ManualClock clock;
      RaceRangerClient client(config(), http, clock, 1);
      try {
        client.importAthletes("race_1", kBody, "idem-1");
        if (status == 200) client.listRaces();
      } catch (const RacesyncError&) {
        ++refused;
      } catch (const std::exception& e) {
        BOOST_ERROR("status " << status << ": " << typeid(e).name() << " for body '" << body
                              << "': " << e.what());
      }
    }
  }
  BOOST_TEST(refused > 0);
}

BOOST_AUTO_TEST_CASE(stops_a_listing_whose_next_cursor_never_ends) {
  ScriptedTransport http;
  int pages = 0;
  http.otherwise = [&](const HttpRequest&) {
    HttpResponse response;
    response.status = 200;
    response.body = page("", "\"c" + std::to_string(++pages) + "\"");
    return response;
  };
  ManualClock clock;
  RaceRangerConfig endless = config();
  endless.perMinute = 1000000;  // pacing is not what this test is about
  endless.perHour = 1000000;
  RaceRangerClient client(endless, http, clock, 1);
  BOOST_TEST(RaceRangerConfig().maxPages == 10000);
  BOOST_TEST(errorOf<RemoteError>([&] { client.listRaces(); }) ==
             "GET /v1/events/evt_1/races: the listing has not ended after 10000 pages (nextCursor "
             "'c10000'): raise raceranger.max_pages if it really is that long, else the service "
             "sends an endless nextCursor: report it to the service");
  BOOST_TEST(http.requests.size() == 10000u);
  BOOST_TEST(http.requests.back().url == "http://127.0.0.1:9/v1/events/evt_1/races?cursor=c9999");
}

BOOST_AUTO_TEST_CASE(stops_a_listing_that_repeats_a_cursor) {
  ScriptedTransport http;
  http.answer(200, page("{\"id\": \"race_1\"}", "\"c1\""))
      .answer(200, page("{\"id\": \"race_2\"}", "\"c2\""))
      .answer(200, page("{\"id\": \"race_3\"}", "\"c1\""));
  ManualClock clock;
  RaceRangerClient client(config(), http, clock, 1);
  BOOST_TEST(errorOf<RemoteError>([&] { client.listRaces(); }) ==
             "GET /v1/events/evt_1/races: page 3 gives nextCursor 'c1' again, so the listing "
             "would never end: the service's paging is broken: report it to the service, and "
             "run again once it is fixed");
  BOOST_TEST(http.requests.size() == 3u);
}

BOOST_AUTO_TEST_CASE(reads_the_page_limit_from_raceranger_max_pages) {
  Settings settings = Settings::fromString(
      "raceranger.base_url = http://127.0.0.1:9\nraceranger.event_id = evt_1\n"
      "raceranger.max_pages = 2\n",
      {{"RACERANGER_API_KEY", kKey}});
  RaceRangerConfig limited = RaceRangerConfig::fromSettings(settings);
  BOOST_TEST(limited.maxPages == 2);
  ScriptedTransport http;
  http.answer(200, page("", "\"c1\"")).answer(200, page("", "\"c2\""));
  ManualClock clock;
  RaceRangerClient client(limited, http, clock, 1);
  BOOST_TEST(errorOf<RemoteError>([&] {
               client.listRaces();
             }).find("the listing has not ended after 2 pages") != std::string::npos);
  BOOST_TEST(errorOf<ConfigurationError>([] {
               RaceRangerConfig::fromSettings(Settings::fromString(
                   "raceranger.base_url = http://127.0.0.1:9\nraceranger.event_id = e\n"
                   "raceranger.max_pages = 0\n",
                   {{"RACERANGER_API_KEY", kKey}}));
             }).find("raceranger.max_pages") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
