// The client base on a scripted transport and a ManualClock: what it sends, what it retries and
// how long it waits, what it throws, and that no secret leaves it.
#include "core/net/http_client.h"

#include <boost/test/unit_test.hpp>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/net/rate_pacer.h"
#include "tests/support/scripted_transport.h"
#include "tests/support/test_support.h"

using namespace racesync;
using racesync::test::errorOf;
using racesync::test::ScriptedTransport;

namespace {

ServiceOptions options(int maxTries = 3) {
  ServiceOptions service;
  service.service = "racemap";
  service.baseUrl = "http://127.0.0.1:9/";
  service.timeoutMs = 1234;
  service.retry.maxTries = maxTries;
  service.retry.baseBackoffMs = 1000;
  service.headers = {{"Accept", "application/json"}};
  service.unreachableFix = ": check racemap.base_url and the network";
  return service;
}

Call get(const std::string& target, Expect expect = Expect::kAnything) {
  Call call;
  call.target = target;
  call.expect = expect;
  return call;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_client_test)

BOOST_AUTO_TEST_CASE(sends_to_the_base_url_with_bearer_timeout_service_and_headers) {
  ScriptedTransport http;
  http.answer(200, "{}");
  ManualClock clock;
  HttpClient client(http, &clock, options());
  client.setBearer("tok_secret_1");
  Call call = get("/api/events/e1?format=json");
  call.headers = {{"Idempotency-Key", "k1"}};
  Reply reply = client.send(call);
  BOOST_TEST(reply.response.status == 200);
  BOOST_TEST(reply.tries == 1);
  BOOST_REQUIRE(http.requests.size() == 1u);
  const HttpRequest& sent = http.requests[0];
  BOOST_TEST(sent.url == "http://127.0.0.1:9/api/events/e1?format=json");
  BOOST_TEST(sent.timeoutMs == 1234);
  BOOST_TEST(sent.service == "racemap");
  BOOST_REQUIRE(sent.headers.size() == 3u);
  BOOST_TEST(sent.headers[0].second == "k1");
  BOOST_TEST(sent.headers[1].second == "Bearer tok_secret_1");
  BOOST_TEST(sent.headers[2].second == "application/json");
  BOOST_REQUIRE(sent.scrubber);
  BOOST_TEST(sent.scrubber->scrub("tok_secret_1") == "***");
  BOOST_TEST(HttpClient::nameOf(call) == "GET /api/events/e1");
}

BOOST_AUTO_TEST_CASE(retries_5xx_with_doubling_pauses_then_hands_back_the_last_answer) {
  ScriptedTransport http;
  http.answer(503, "busy").answer(502, "bad gateway").answer(500, "down");
  ManualClock clock;
  HttpClient client(http, &clock, options(3));
  Reply reply = client.send(get("/api/x"));
  BOOST_TEST(reply.response.status == 500);
  BOOST_TEST(reply.gaveUp);
  BOOST_TEST(reply.tries == 3);
  BOOST_TEST(client.requestCount() == 3);
  BOOST_TEST(clock.sleptMs() == 1000 + 2000);
}

BOOST_AUTO_TEST_CASE(honours_retry_after_on_429) {
  ScriptedTransport http;
  http.answer(429, "", {{"Retry-After", "7"}}).answer(429, "").answer(200, "ok");
  ManualClock clock;
  HttpClient client(http, &clock, options(3));
  Reply reply = client.send(get("/api/x"));
  BOOST_TEST(reply.response.status == 200);
  BOOST_TEST(!reply.gaveUp);
  BOOST_TEST(clock.sleptMs() == 7000 + 2000);  // Retry-After, then the backoff of try 2
}

BOOST_AUTO_TEST_CASE(answers_that_are_final_are_not_retried) {
  for (int status : {200, 400, 401, 403, 404, 409, 413, 422}) {
    ScriptedTransport http;
    http.answer(status, "{}").answer(200, "{}");
    ManualClock clock;
    HttpClient client(http, &clock, options(3));
    BOOST_TEST(client.send(get("/api/x")).response.status == status);
    BOOST_TEST(http.requests.size() == 1u);
    BOOST_TEST(clock.sleptMs() == 0);
  }
}

BOOST_AUTO_TEST_CASE(a_call_sent_once_is_never_retried) {
  ScriptedTransport http;
  http.answer(200, "{}").answer(503, "busy").answer(200, "{}");
  ManualClock clock;
  HttpClient client(http, &clock, options(5));
  client.send(get("/api/inspect"));  // the service has answered once
  Reply reply = client.sendOnce(get("/api/generate"));
  BOOST_TEST(reply.response.status == 503);
  BOOST_TEST(reply.gaveUp);
  BOOST_TEST(http.requests.size() == 2u);
  BOOST_TEST(clock.sleptMs() == 0);
  ScriptedTransport lost;
  lost.answer(200, "{}").fail(TransportFailure::kTimeout, "POST /api/generate: no answer");
  HttpClient once(lost, &clock, options(5));
  once.send(get("/api/inspect"));
  try {
    once.sendOnce(get("/api/generate"));
    BOOST_FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    BOOST_TEST((e.failure() == TransportFailure::kTimeout));
  }
  BOOST_TEST(lost.requests.size() == 2u);
}

BOOST_AUTO_TEST_CASE(retries_a_malformed_answer_and_says_why_it_was_malformed) {
  ScriptedTransport http;
  http.answer(200, "{\"data\": [ this is not json").answer(200, "[1]").answer(200, "[2]");
  ManualClock clock;
  HttpClient client(http, &clock, options(3));
  Reply reply = client.send(get("/api/x", Expect::kJsonObject));
  BOOST_TEST(reply.gaveUp);
  BOOST_TEST(reply.malformed == "not a JSON object");
  BOOST_TEST(reply.json.isNull());
  BOOST_TEST(http.requests.size() == 3u);

  ScriptedTransport healed;
  healed.answer(200, "not json").answer(200, "{\"a\": 1}");
  HttpClient again(healed, &clock, options(3));
  Reply good = again.send(get("/api/x", Expect::kJson));
  BOOST_TEST(!good.gaveUp);
  BOOST_TEST(good.malformed == "");
  BOOST_TEST(good.json.field("a").integerOr(0) == 1);
}

BOOST_AUTO_TEST_CASE(an_unreachable_service_is_a_remote_error_until_it_has_answered) {
  ScriptedTransport http;
  http.fail(TransportFailure::kConnect, "GET /api/inspect: cannot reach 127.0.0.1:9: refused");
  ManualClock clock;
  HttpClient client(http, &clock, options(3));
  BOOST_TEST(errorOf<RemoteError>([&] { client.send(get("/api/inspect")); }) ==
             "GET /api/inspect: cannot reach 127.0.0.1:9: refused: check racemap.base_url and "
             "the network");
  BOOST_TEST(http.requests.size() == 1u);

  ScriptedTransport flaky;
  flaky.answer(200, "{}")
      .fail(TransportFailure::kConnect, "GET /x: cannot reach 127.0.0.1:9: refused")
      .fail(TransportFailure::kDropped, "GET /x: the connection broke")
      .answer(200, "{}");
  HttpClient later(flaky, &clock, options(3));
  later.send(get("/x"));
  BOOST_TEST(later.send(get("/x")).response.status == 200);
  BOOST_TEST(flaky.requests.size() == 4u);
}

BOOST_AUTO_TEST_CASE(the_last_lost_answer_is_a_transport_error_of_its_kind) {
  ScriptedTransport http;
  http.fail(TransportFailure::kTimeout, "GET /x: no answer within 1.234000 s");
  ManualClock clock;
  HttpClient client(http, &clock, options(2));
  client.addSecret("unused");
  try {
    client.send(get("/x"));
    BOOST_FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    BOOST_TEST((e.failure() == TransportFailure::kTimeout));
    BOOST_TEST(e.message() == "GET /x: no answer within 1.234000 s");
    BOOST_TEST(exitCodeFor(e) == 75);
  }
  BOOST_TEST(http.requests.size() == 2u);
}

BOOST_AUTO_TEST_CASE(scrubs_secrets_from_every_message_and_keeps_the_error_type) {
  ScriptedTransport http;
  ManualClock clock;
  HttpClient client(http, &clock, options(1));
  client.setBearer("tok_secret_1");
  BOOST_TEST(errorOf<TemporaryError>([&] {
               client.guarded([] { throw TemporaryError("said tok_secret_1: later"); });
             }) == "said ***: later");
  BOOST_TEST(errorOf<RemoteError>([&] {
               client.guarded([]() -> int { throw RemoteError("said tok%5Fsecret%5F1"); });
             }) == "said tok%5Fsecret%5F1");  // '_' is unreserved: that is not its encoded form
  try {
    client.guarded([] { throw TransportError(TransportFailure::kDropped, "tok_secret_1 lost"); });
    BOOST_FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    BOOST_TEST((e.failure() == TransportFailure::kDropped));
    BOOST_TEST(e.message() == "*** lost");
  }
  BOOST_TEST(errorOf<ConfigurationError>([&] {
               client.guarded([] { throw ConfigurationError("x: tok_secret_1"); });
             }) == "x: ***");
}

BOOST_AUTO_TEST_CASE(turns_a_foreign_exception_into_a_remote_error_naming_the_service) {
  ScriptedTransport http;
  HttpClient client(http, nullptr, options(1));
  const std::string message = errorOf<RemoteError>(
      [&] { client.guarded([] { throw Poco::DataFormatException("Can not convert"); }); });
  BOOST_TEST(message.rfind("racemap: unexpected failure (", 0) == 0);
  BOOST_TEST(message.find("report this as a racesync bug") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(keeps_the_base_urls_user_info_secret) {
  ScriptedTransport http;
  ServiceOptions service = options(1);
  service.baseUrl = "https://racesync:pa55word@racemap.example";
  HttpClient client(http, nullptr, service);
  BOOST_TEST(client.scrub("check https://racesync:pa55word@racemap.example") ==
             "check https://***@racemap.example");
  BOOST_TEST(client.scrub("password pa55word") == "password ***");
}

BOOST_AUTO_TEST_CASE(paces_every_try_and_adopts_the_limits_an_answer_announces) {
  ScriptedTransport http;
  http.answer(503, "", {{"X-RateLimit-Limit-Minute", "2"}, {"X-RateLimit-Limit-Hour", "50"}})
      .answer(503, "")
      .answer(200, "{}");
  ManualClock clock;
  RatePacer pacer(clock, 120, 1000);
  ServiceOptions service = options(3);
  service.retry.baseBackoffMs = 0;
  HttpClient client(http, &clock, service);
  client.pace(pacer);
  client.send(get("/v1/events"));
  BOOST_TEST(pacer.perMinute() == 2);
  BOOST_TEST(pacer.perHour() == 50);
  BOOST_TEST(pacer.waitedMs() == 60000);  // the third try waits for the first to leave the minute
}

BOOST_AUTO_TEST_SUITE_END()
