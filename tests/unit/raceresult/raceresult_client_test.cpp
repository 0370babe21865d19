#include "core/raceresult/raceresult_client.h"

#include <boost/test/unit_test.hpp>

#include "tests/support/answer_fuzz.h"
#include "tests/support/scripted_transport.h"
#include "tests/support/test_support.h"

#include <memory>

#include "sandbox/in_process_transport.h"
#include "sandbox/raceresult_sandbox.h"

using namespace racesync;
using Participant = sandbox::RaceResultSandbox::Participant;

using racesync::test::errorOf;

namespace {

const std::string kKey = "rrkey_9f8e7d6c5b4a";

// The client against the RACE RESULT sandbox, reached in process.
struct Fixture {
  Fixture() : service(std::make_shared<sandbox::RaceResultSandbox>(kKey, "123456")) {
    http.add(service);
    service->addParticipant({{"ID", Poco::Int64(1)},
                             {"Bib", Poco::Int64(7)},
                             {"FirstName", std::string("Ann")},
                             {"Contest", Poco::Int64(1)},
                             {"Contest.Name", std::string("10 km")}});
    service->addParticipant({{"ID", std::string("2")},
                             {"Bib", Poco::Int64(0)},
                             {"FirstName", std::string("Bo")},
                             {"Contest", Poco::Int64(2)},
                             {"Contest.Name", std::string("Half \"Marathon\"")}});
  }
  RaceResultClient client(const std::string& key = kKey, int timeoutMs = 5000) {
    return RaceResultClient(http, {http.baseUrl() + "/", "123456", timeoutMs}, key);
  }
  std::shared_ptr<sandbox::RaceResultSandbox> service;
  sandbox::InProcessTransport http;
};

// Answers every request with one canned response.
class CannedTransport : public HttpTransport {
 public:
  explicit CannedTransport(HttpResponse response) : response_(std::move(response)) {}
  HttpResponse send(const HttpRequest&) override { return response_; }

 private:
  HttpResponse response_;
};

// Records each request and answers none of them in time.
class RecordingTransport : public HttpTransport {
 public:
  HttpResponse send(const HttpRequest& request) override {
    requests.push_back(request);
    throw TransportError(TransportFailure::kTimeout,
                         request.method + " /api/public/login: no answer within 1.2 s");
  }
  std::vector<HttpRequest> requests;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(raceresult_client_test)

BOOST_AUTO_TEST_CASE(logs_in_lists_and_logs_out) {
  Fixture f;
  RaceResultClient client = f.client();
  auto rows = client.list({"ID", "Bib", "FirstName"}, "");
  BOOST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0][0].text == "1");
  BOOST_TEST((rows[0][0].kind == RaceResultCell::Kind::kNumber));
  BOOST_TEST(rows[1][0].text == "2");
  BOOST_TEST((rows[1][0].kind == RaceResultCell::Kind::kString));
  BOOST_TEST(rows[1][1].text == "0");
  BOOST_TEST(rows[1][2].text == "Bo");
  BOOST_TEST(f.service->lastFields() == "[\"ID\",\"Bib\",\"FirstName\"]");
  BOOST_TEST(f.service->openSessions() == 1);
  BOOST_TEST(client.logout() == "");
  BOOST_TEST(f.service->openSessions() == 0);
  BOOST_TEST(f.http.countRequests("POST", "/api/public/login") == 1);
  BOOST_TEST(f.http.countRequests("GET", "/_123456/api/data/list") == 1);
  BOOST_TEST(f.http.countRequests("GET", "/api/public/logout") == 1);
}

BOOST_AUTO_TEST_CASE(sends_the_filter_encoded) {
  Fixture f;
  RaceResultClient client = f.client();
  auto rows = client.list({"FirstName"}, "[Contest.Name]=\"Half \"\"Marathon\"\"\"");
  BOOST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0][0].text == "Bo");
  BOOST_TEST(f.service->lastFilter() == "[Contest.Name]=\"Half \"\"Marathon\"\"\"");
  BOOST_TEST(client.list({"FirstName"}, "[Contest]=1")[0][0].text == "Ann");
}

BOOST_AUTO_TEST_CASE(a_refused_key_says_where_to_make_a_new_one_without_the_key) {
  Fixture f;
  RaceResultClient client = f.client("rrkey_wrong_0000");
  std::string message = errorOf<RemoteError>([&] { client.list({"ID"}, ""); });
  BOOST_TEST(message ==
             "POST /api/public/login: HTTP 401 invalid API key: RACE RESULT refused the API key "
             "in RACERESULT_API_KEY: make a new key in RACE RESULT under Account Access, API "
             "Keys, and export it as RACERESULT_API_KEY");
  BOOST_TEST(message.find("rrkey_wrong_0000") == std::string::npos);
  BOOST_TEST(f.http.countRequests("GET", "/api/data/list") == 0);
}

BOOST_AUTO_TEST_CASE(logs_in_again_once_when_the_session_expired) {
  Fixture f;
  RaceResultClient client = f.client();
  client.login();
  f.service->expireSessions();
  auto rows = client.list({"ID"}, "");
  BOOST_TEST(rows.size() == 2u);
  BOOST_TEST(client.logins() == 2);
  BOOST_TEST(f.http.countRequests("GET", "/api/data/list") == 2);
}

BOOST_AUTO_TEST_CASE(gives_up_after_the_second_refusal) {
  Fixture f;
  RaceResultClient client = f.client();
  f.service->faults().failNext(2, 403, "{\"Error\": \"no rights for this event\"}", "/data/list");
  std::string message = errorOf<RemoteError>([&] { client.list({"ID"}, ""); });
  BOOST_TEST(message ==
             "GET /_123456/api/data/list: HTTP 403 no rights for this event: RACE RESULT refused "
             "the API key in RACERESULT_API_KEY: make a new key in RACE RESULT under Account "
             "Access, API Keys, and export it as RACERESULT_API_KEY");
  BOOST_TEST(client.logins() == 2);
  BOOST_TEST(f.http.countRequests("GET", "/api/data/list") == 2);
}

BOOST_AUTO_TEST_CASE(puts_the_servers_text_in_the_message) {
  Fixture f;
  RaceResultClient client = f.client();
  f.service->faults().failNext(1, 400, "{\"Error\": \"unknown field Foo\"}", "/data/list");
  BOOST_TEST(errorOf<RemoteError>([&] { client.list({"Foo"}, ""); }) ==
             "GET /_123456/api/data/list: HTTP 400 unknown field Foo");
  f.service->faults().failNext(1, 502, "Bad gateway\n  try later", "/data/list");
  BOOST_TEST(errorOf<TemporaryError>([&] { client.list({"ID"}, ""); }) ==
             "GET /_123456/api/data/list: HTTP 502 Bad gateway try later: RACE RESULT is "
             "unavailable: run again later");
}

BOOST_AUTO_TEST_CASE(an_unsupported_filter_is_an_error_with_the_sandboxes_text) {
  Fixture f;
  RaceResultClient client = f.client();
  BOOST_TEST(errorOf<RemoteError>([&] { client.list({"ID"}, "[Contest]>1"); }) ==
             "GET /_123456/api/data/list: HTTP 400 sandbox: filter '[Contest]>1' is not "
             "supported: use [Field]=value or [Field]<>value joined by AND");
}

BOOST_AUTO_TEST_CASE(never_repeats_a_key_the_server_echoes) {
  HttpResponse echo;
  echo.status = 401;
  echo.body = "key " + kKey + " is unknown";
  CannedTransport http(echo);
  RaceResultClient client(http, {"http://127.0.0.1:9", "1", 1000}, kKey);
  std::string message = errorOf<RemoteError>([&] { client.login(); });
  BOOST_TEST(message.find(kKey) == std::string::npos);
  BOOST_TEST(message.rfind("POST /api/public/login: HTTP 401 key *** is unknown: ", 0) == 0);
}

BOOST_AUTO_TEST_CASE(never_repeats_the_session_id_the_server_echoes) {
  test::ScriptedTransport http;
  http.answer(200, "\"sess-8d2f61\"")
      .answer(400, "{\"Error\": \"bad filter for session sess-8d2f61\"}")
      .answer(500, "Authorization: Bearer sess-8d2f61");
  RaceResultClient client(http, {"http://127.0.0.1:9", "1", 1000}, kKey);
  BOOST_TEST(errorOf<RemoteError>([&] { client.list({"ID"}, ""); }) ==
             "GET /_1/api/data/list: HTTP 400 bad filter for session ***");
  BOOST_REQUIRE(http.requests.size() == 2u);
  BOOST_TEST(http.requests[1].headers[0].second == "Bearer sess-8d2f61");
  BOOST_TEST(client.logout() == "GET /api/public/logout: HTTP 500 Authorization: Bearer ***");
}

BOOST_AUTO_TEST_CASE(only_racesync_errors_come_out_of_fuzzed_answers) {
  const auto bodies = test::fuzzedAnswers({
      "[[1234, \"1234\", 12.5, null, true, \"Anna\", \"1990-05-01\"], [1, 2]]",
      "{\"Error\": \"no rights for this event\"}",
  });
  BOOST_TEST(bodies.size() > 300u);
  int refused = 0;
  for (const std::string& body : bodies) {
    try {
      parseRaceResultList(body, "here");
    } catch (const RacesyncError&) {
      ++refused;
    } catch (const std::exception& e) {
      BOOST_ERROR(typeid(e).name() << " for body '" << body << "': " << e.what());
    }
    for (int status : {200, 400, 503}) {
      test::ScriptedTransport http;
      http.answer(200, "sess-1").answer(status, body);
      RaceResultClient client(http, {"http://127.0.0.1:9", "1", 1000}, kKey);
      try {
        client.list({"ID", "Bib"}, "");
        client.logout();
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

BOOST_AUTO_TEST_CASE(an_answer_that_is_not_rows_is_an_error) {
  Fixture f;
  RaceResultClient client = f.client();
  f.service->faults().malformNext(1, "/data/list");
  BOOST_TEST(errorOf<RemoteError>([&] {
               client.list({"ID"}, "");
             }).rfind("GET /_123456/api/data/list: the answer is not JSON: ", 0) == 0);
  BOOST_TEST(errorOf<RemoteError>([] { parseRaceResultList("{\"a\": 1}", "here"); }) ==
             "here: the answer is not a list of rows");
  BOOST_TEST(errorOf<RemoteError>([] { parseRaceResultList("[[1], 2]", "here"); }) ==
             "here: row 2 of the answer is not a list");
}

BOOST_AUTO_TEST_CASE(reads_numbers_strings_and_nulls) {
  auto rows = parseRaceResultList("[[1234, \"1234\", 12.5, 3.0, null, true, \"\"]]", "here");
  BOOST_REQUIRE(rows.size() == 1u);
  const auto& row = rows[0];
  BOOST_TEST(row[0].text == "1234");
  BOOST_TEST(row[1].text == "1234");
  BOOST_TEST(row[2].text == "12.5");
  BOOST_TEST(row[3].text == "3");
  BOOST_TEST((row[4].kind == RaceResultCell::Kind::kNull));
  BOOST_TEST(row[4].text == "");
  BOOST_TEST(row[5].text == "true");
  BOOST_TEST((row[6].kind == RaceResultCell::Kind::kString));
}

BOOST_AUTO_TEST_CASE(an_unreachable_server_is_a_remote_error) {
  sandbox::InProcessTransport http;
  http.stop();
  RaceResultClient client(http, {http.baseUrl(), "1", 2000}, kKey);
  std::string message = errorOf<RemoteError>([&] { client.login(); });
  BOOST_TEST(message.rfind("POST /api/public/login: cannot reach 127.0.0.1:", 0) == 0);
  BOOST_TEST(message.find("check raceresult.base_url") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sends_the_configured_timeout_and_a_timeout_is_temporary) {
  RecordingTransport http;
  RaceResultClient client(http, {"http://127.0.0.1:9", "1", 1234}, kKey);
  BOOST_TEST(errorOf<TemporaryError>([&] { client.login(); }) ==
             "POST /api/public/login: no answer within 1.2 s");
  BOOST_REQUIRE(http.requests.size() == 1u);
  BOOST_TEST(http.requests[0].timeoutMs == 1234);
  BOOST_TEST(http.requests[0].body == "apikey=" + kKey);
  BOOST_TEST(http.requests[0].contentType == "application/x-www-form-urlencoded");
  BOOST_TEST(RaceResultOptions{}.timeoutMs == 30000);
}

BOOST_AUTO_TEST_CASE(logout_reports_instead_of_throwing) {
  Fixture f;
  RaceResultClient client = f.client();
  BOOST_TEST(client.logout() == "");  // no session: nothing to do
  client.login();
  f.service->faults().failNext(1, 500, "{\"Error\": \"busy\"}", "/logout");
  BOOST_TEST(client.logout() == "GET /api/public/logout: HTTP 500 busy");
  BOOST_TEST(!client.loggedIn());
}

BOOST_AUTO_TEST_CASE(names_participants_by_pid_or_bib_as_numbers) {
  std::string body = saveValuesBody(
      {{false, 1001, "TrackingKey", "K84N2S"}, {true, 12, "RacemapLink", "K84N2S and more"}});
  BOOST_TEST(body ==
             "[{\"FieldName\":\"TrackingKey\",\"PID\":1001,\"Value\":\"K84N2S\"},"
             "{\"Bib\":12,\"FieldName\":\"RacemapLink\",\"Value\":\"K84N2S and more\"}]");
}

BOOST_AUTO_TEST_CASE(saves_values_after_a_login_with_no_history_as_asked) {
  Fixture f;
  RaceResultClient client = f.client();
  SaveAnswer answer = client.saveValues({{false, 1, "TrackingKey", "K84N2S"}}, true);
  BOOST_TEST(answer.saved);
  BOOST_TEST(f.service->valueOf("1", "TrackingKey") == "K84N2S");
  BOOST_TEST(f.service->lastNoHistory() == "true");
  BOOST_TEST(f.http.countRequests("POST", "/_123456/api/part/savevaluearray") == 1);
  BOOST_TEST(client.logins() == 1);
}

BOOST_AUTO_TEST_CASE(a_refused_batch_is_answered_not_thrown_and_a_5xx_is_temporary) {
  test::ScriptedTransport http;
  http.answer(200, "session-77")
      .answer(400, "{\"Error\": \"field TrackingKey not found\"}")
      .answer(503, "busy");
  RaceResultClient client(http, {"http://rr.example", "123456", 5000}, kKey);
  SaveAnswer answer = client.saveValues({{false, 1, "TrackingKey", "K84N2S"}}, false);
  BOOST_TEST(!answer.saved);
  BOOST_TEST(answer.status == 400);
  BOOST_TEST(answer.message == "field TrackingKey not found");
  BOOST_REQUIRE(http.requests.size() == 2u);
  BOOST_TEST(http.requests[1].url ==
             "http://rr.example/_123456/api/part/savevaluearray?noHistory=false");
  std::string error = errorOf<TemporaryError>([&] {
    client.saveValues({{false, 1, "TrackingKey", "K84N2S"}}, false);
  });
  BOOST_TEST(error ==
             "POST /_123456/api/part/savevaluearray: HTTP 503 busy: RACE RESULT is unavailable: "
             "run again later");
}

BOOST_AUTO_TEST_SUITE_END()
