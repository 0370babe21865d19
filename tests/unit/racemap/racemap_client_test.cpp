// The RACEMAP client on scripted answers: the token stays out of every message however a server
// echoes it, a wrongly shaped answer names the call and the field, and fuzzed answers only ever
// give racesync's own errors.
#include "core/racemap/racemap_client.h"

#include <boost/test/unit_test.hpp>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "tests/support/answer_fuzz.h"
#include "tests/support/scripted_transport.h"
#include "tests/support/test_support.h"

using namespace racesync;
using racesync::test::errorOf;
using racesync::test::ScriptedTransport;

namespace {

// A token as base64 may be: '/', '+' and '=' make its URL-encoded and JSON-escaped forms differ.
const std::string kToken = "rmtok_4f2a/9c1d+7e=";

RacemapConfig config() {
  RacemapConfig config;
  config.baseUrl = "http://127.0.0.1:9";
  config.eventId = "evt";
  config.token = kToken;
  return config;
}

// The error a call throws, whatever racesync type it is ("no error" when none).
template <class Call>
std::string anyErrorOf(Call call) {
  return errorOf<RacesyncError>(call);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(racemap_client_test)

BOOST_AUTO_TEST_CASE(never_shows_the_token_a_server_echoes) {
  const std::string echoes[] = {
      "Authorization: Bearer " + kToken,
      "{\"headers\": {\"authorization\": \"Bearer rmtok_4f2a\\/9c1d+7e=\"}}",
      "GET /api/inspect?token=rmtok_4f2a%2F9c1d%2B7e%3D",
      "GET /api/inspect?token=rmtok_4f2a%2f9c1d%2b7e%3d",
      std::string(190, '.') + " Bearer " + kToken,  // cut short inside the token
  };
  for (const std::string& echo : echoes) {
    for (int status : {400, 418, 500, 503}) {
      ScriptedTransport http;
      http.answer(200, "{\"userId\": \"me\"}").answer(status, echo);
      ManualClock clock;
      RacemapClient client(http, clock, config());
      client.inspect();
      const std::string read = anyErrorOf([&] { client.starterKeys(); });
      const std::string generate = anyErrorOf([&] { client.generateStarterKeys(3); });
      for (const std::string& message : {read, generate}) {
        BOOST_TEST(message != "no error");
        BOOST_TEST(message.find(kToken.substr(0, 6)) == std::string::npos, message);
        BOOST_TEST(message.find("HTTP " + std::to_string(status)) != std::string::npos);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(never_shows_the_token_in_a_lost_answers_message) {
  ScriptedTransport http;
  http.answer(200, "{\"userId\": \"me\"}")
      .fail(TransportFailure::kDropped, "GET /api/x: broke after Bearer " + kToken);
  ManualClock clock;
  RacemapClient client(http, clock, config());
  client.inspect();
  try {
    client.generateStarterKeys(2);
    BOOST_FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    BOOST_TEST((e.failure() == TransportFailure::kDropped));
    BOOST_TEST(e.message() == "GET /api/x: broke after Bearer ***");
  }
}

BOOST_AUTO_TEST_CASE(sends_generate_once_whatever_happens) {
  for (bool timeout : {false, true}) {
    ScriptedTransport http;
    http.answer(200, "{\"userId\": \"me\"}");
    if (timeout) {
      http.fail(TransportFailure::kTimeout, "POST /api/events/evt/actions: no answer");
    } else {
      http.answer(503, "busy");
    }
    http.answer(200, "[]");
    ManualClock clock;
    RacemapClient client(http, clock, config());
    client.inspect();
    BOOST_CHECK_THROW(client.generateStarterKeys(5), TemporaryError);
    BOOST_TEST(http.requests.size() == 2u);
    BOOST_TEST(http.requests[1].url ==
               "http://127.0.0.1:9/api/events/evt/actions/generate_starter_keys?count=5");
    BOOST_TEST(clock.sleptMs() == 0);
  }
}

BOOST_AUTO_TEST_CASE(honours_retry_after_on_a_read) {
  ScriptedTransport http;
  http.answer(429, "slow down", {{"Retry-After", "9"}}).answer(200, "[\"K84N2S\"]");
  ManualClock clock;
  RacemapClient client(http, clock, config());
  BOOST_TEST(client.starterKeys() == std::vector<std::string>{"K84N2S"});
  BOOST_TEST(clock.sleptMs() == 9000);
}

BOOST_AUTO_TEST_CASE(reads_a_grown_key_list_from_where_the_last_one_ended) {
  ScriptedTransport http;
  http.answer(200, "[\"K84N2S\"]")
      .answer(200, "[\"K84N2S\", \"6G615L\"]\n")
      .answer(200, "[\"K84N2S\", \"6G615L\"]")
      .answer(200, "[\"6G615L\", \"K84N2T\"]")
      .answer(200, "[\"6G615L\", \"K84N2T\", [1]]");
  ManualClock clock;
  RacemapClient client(http, clock, config());
  using Keys = std::vector<std::string>;
  BOOST_TEST(client.starterKeys() == (Keys{"K84N2S"}));
  BOOST_TEST(client.starterKeys() == (Keys{"K84N2S", "6G615L"}));
  BOOST_TEST(client.starterKeys() == (Keys{"K84N2S", "6G615L"}));
  BOOST_TEST(client.starterKeys() == (Keys{"6G615L", "K84N2T"}));  // one went: read in full
  BOOST_TEST(errorOf<RemoteError>([&] { client.starterKeys(); }) ==
             "GET /api/events/evt/starter_keys: answer field '[2]' is not a string");
}

// What broke at 200,000 registrants: after each of 200 generate calls the whole list came back,
// was copied twice and checked key by key. An update hands over only the keys appended since the
// last read, and the whole list only when it no longer begins with that one.
BOOST_AUTO_TEST_CASE(key_list_updates_carry_only_the_appended_keys) {
  ScriptedTransport http;
  http.answer(200, "[\"K84N2S\"]")
      .answer(200, "[\"K84N2S\", \"6G615L\", \"K84N2T\"]")
      .answer(200, "[\"K84N2S\", \"6G615L\", \"K84N2T\"]")
      .answer(200, "[\"6G615L\", \"K84N2T\", \"ZZZ999\"]")
      .answer(200, "[\"6G615L\", \"K84N2T\", \"ZZZ999\", \"AAA111\"]");
  ManualClock clock;
  RacemapClient client(http, clock, config());
  using Keys = std::vector<std::string>;
  BOOST_TEST(client.starterKeys() == (Keys{"K84N2S"}));
  RacemapClient::KeyListUpdate update = client.starterKeysUpdate();
  BOOST_TEST(update.extended);
  BOOST_TEST(update.keys == (Keys{"6G615L", "K84N2T"}));
  update = client.starterKeysUpdate();
  BOOST_TEST(update.extended);
  BOOST_TEST(update.keys.empty());
  update = client.starterKeysUpdate();  // K84N2S went: the whole list
  BOOST_TEST(!update.extended);
  BOOST_TEST(update.keys == (Keys{"6G615L", "K84N2T", "ZZZ999"}));
  update = client.starterKeysUpdate();
  BOOST_TEST(update.extended);
  BOOST_TEST(update.keys == (Keys{"AAA111"}));
}

BOOST_AUTO_TEST_CASE(names_the_field_of_a_wrongly_typed_answer) {
  ScriptedTransport http;
  http.answer(200, "[{\"id\": \"s1\", \"keyUsed\": {\"at\": 1}}]");
  ManualClock clock;
  RacemapClient client(http, clock, config());
  BOOST_TEST(errorOf<RemoteError>([&] { client.starters(); }) ==
             "GET /api/events/evt/starters: answer field '[0].keyUsed' is not true or false");
  http.answer(200, "{\"name\": [\"Run\"]}");
  BOOST_TEST(errorOf<RemoteError>([&] { client.eventName(); }) ==
             "GET /api/events/evt: answer field 'name' is not a string");
  http.answer(200, "{\"keys\": [[\"K84N2S\"]]}");
  BOOST_TEST(errorOf<RemoteError>([&] { client.starterKeys(); }) ==
             "GET /api/events/evt/starter_keys: answer field 'keys[0]' is not a string");
}

BOOST_AUTO_TEST_CASE(a_body_that_stays_malformed_is_a_temporary_error) {
  ScriptedTransport http;
  http.answer(200, "{\"data\": [ this is not json");
  ManualClock clock;
  RacemapClient client(http, clock, config());
  const std::string message = errorOf<TemporaryError>([&] { client.starters(); });
  BOOST_TEST(message.rfind("GET /api/events/evt/starters: the answer is not valid JSON (", 0) == 0);
  BOOST_TEST(message.find("): run again later") != std::string::npos);
  BOOST_TEST(http.requests.size() == 3u);
}

BOOST_AUTO_TEST_CASE(only_racesync_errors_come_out_of_fuzzed_answers) {
  const auto bodies = test::fuzzedAnswers({
      "{\"userId\": \"me\", \"name\": \"Easy QR Code Run\", \"startTime\": \"2026-06-01\"}",
      "[\"K84N2S\", \"6G615L\"]",
      "{\"data\": [{\"key\": \"K84N2S\", \"used\": false}]}",
      "[{\"id\": \"s1\", \"name\": \"Ana\", \"startNumber\": \"42\", \"key\": \"BBBBB2\", "
      "\"keyUsed\": true, \"integrations\": {\"importId\": \"R1\"}}]",
  });
  BOOST_TEST(bodies.size() > 300u);
  int refused = 0;
  for (const std::string& body : bodies) {
    ScriptedTransport http;
    http.answer(200, body);
    ManualClock clock;
    RacemapClient client(http, clock, config());
    for (int call = 0; call < 4; ++call) {
      try {
        if (call == 0) client.inspect();
        if (call == 1) client.eventName();
        if (call == 2) client.starterKeys();
        if (call == 3) client.starters();
      } catch (const RacesyncError&) {
        ++refused;
      } catch (const std::exception& e) {
        BOOST_ERROR("call " << call << " let " << typeid(e).name() << " out for body '" << body
                            << "': " << e.what());
      }
    }
  }
  BOOST_TEST(refused > 0);
}

BOOST_AUTO_TEST_SUITE_END()
