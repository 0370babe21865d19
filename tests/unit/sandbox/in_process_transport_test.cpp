#include "sandbox/in_process_transport.h"

#include <boost/test/unit_test.hpp>

#include <memory>

using namespace racesync;

namespace {

class EchoService : public sandbox::Service {
 public:
  bool handles(const std::string& path) const override { return path.rfind("/echo", 0) == 0; }
  sandbox::Response handle(const sandbox::Request& request) override {
    ++handled;
    last = request;
    sandbox::Response response = sandbox::Response::json(
        200, "{\"path\": \"" + request.path + "\", \"n\": \"" + request.param("n") + "\"}");
    response.headers.emplace_back("X-Echo", "1");
    return response;
  }
  int handled = 0;
  sandbox::Request last;
};

struct Fixture {
  std::shared_ptr<EchoService> echo = std::make_shared<EchoService>();
  sandbox::InProcessTransport http;
  Fixture() { http.add(echo); }
  HttpRequest get(const std::string& pathAndQuery, int timeoutMs = 5000) const {
    HttpRequest request;
    request.url = http.baseUrl() + pathAndQuery;
    request.timeoutMs = timeoutMs;
    return request;
  }
  TransportError failure(const HttpRequest& request) {
    try {
      http.send(request);
    } catch (const TransportError& e) {
      return e;
    }
    BOOST_FAIL("expected a TransportError");
    return TransportError(TransportFailure::kConnect, "");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(in_process_transport_test, Fixture)

BOOST_AUTO_TEST_CASE(hands_the_request_to_the_service_that_handles_its_path) {
  HttpRequest request = get("/echo/a%20b?n=7&m=x%2By");
  request.method = "POST";
  request.body = "{\"x\": 1}";
  request.contentType = "application/json";
  request.headers.emplace_back("Authorization", "Bearer tok");
  HttpResponse response = http.send(request);
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body == "{\"path\": \"/echo/a b\", \"n\": \"7\"}");
  BOOST_TEST(response.header("x-echo") == "1");
  BOOST_TEST(response.header("Content-Type") == "application/json");
  BOOST_TEST(echo->last.method == "POST");
  BOOST_TEST(echo->last.query == "n=7&m=x%2By");
  BOOST_TEST(echo->last.param("m") == "x+y");
  BOOST_TEST(echo->last.body == "{\"x\": 1}");
  BOOST_TEST(echo->last.header("authorization") == "Bearer tok");
  BOOST_TEST(echo->last.header("Content-Type") == "application/json");
  BOOST_TEST(http.send(get("/other")).status == 404);
  BOOST_TEST(http.countRequests("POST", "/echo") == 1);
  BOOST_TEST(http.requests().size() == 2u);
}

BOOST_AUTO_TEST_CASE(fails_and_malforms_the_next_matching_calls_as_the_server_does) {
  echo->faults().failNext(2, 503, "{}", "/echo/b");
  echo->faults().malformNext(1, "/echo/c");
  BOOST_TEST(http.send(get("/echo/a")).status == 200);
  BOOST_TEST(http.send(get("/echo/b")).status == 503);
  BOOST_TEST(http.send(get("/echo/b")).body == "{}");
  BOOST_TEST(http.send(get("/echo/b")).status == 200);
  BOOST_TEST(http.send(get("/echo/c")).body == "{\"data\": [ this is not json");
  BOOST_TEST(http.send(get("/echo/c")).body.find("/echo/c") != std::string::npos);
  BOOST_TEST(echo->handled == 4);
}

BOOST_AUTO_TEST_CASE(drops_the_answer_after_doing_the_work) {
  echo->faults().dropAfterHandling(1);
  TransportError error = failure(get("/echo/a"));
  BOOST_TEST((error.failure() == TransportFailure::kDropped));
  BOOST_TEST(error.message().rfind("GET /echo/a: the connection broke before an answer", 0) == 0);
  BOOST_TEST(echo->handled == 1);
  BOOST_TEST(http.send(get("/echo/a")).status == 200);
}

BOOST_AUTO_TEST_CASE(a_delay_of_at_least_the_timeout_is_a_timeout_after_the_work) {
  echo->faults().delay(60000);  // a minute: nothing waits for it
  TransportError error = failure(get("/echo/a", 60000));
  BOOST_TEST((error.failure() == TransportFailure::kTimeout));
  BOOST_TEST(error.message() == "GET /echo/a: no answer within 60.000000 s");
  BOOST_TEST(echo->handled == 1);
  BOOST_TEST(http.send(get("/echo/a", 60001)).status == 200);  // in time: answered at once
  BOOST_TEST(echo->handled == 2);
}

BOOST_AUTO_TEST_CASE(cannot_connect_when_stopped_or_asked_for_another_address) {
  http.stop();
  TransportError stopped = failure(get("/echo/a"));
  BOOST_TEST((stopped.failure() == TransportFailure::kConnect));
  BOOST_TEST(stopped.message() == "GET /echo/a: cannot reach 127.0.0.1:9: Connection refused");
  http.start();
  BOOST_TEST(http.send(get("/echo/a")).status == 200);
  HttpRequest elsewhere = get("/echo/a");
  elsewhere.url = "http://127.0.0.1:8080/echo/a";
  BOOST_TEST((failure(elsewhere).failure() == TransportFailure::kConnect));
  BOOST_TEST(echo->handled == 1);
}

BOOST_AUTO_TEST_CASE(tells_the_observer_before_the_service_handles_the_request) {
  int handledBefore = -1;
  http.observe([&](const sandbox::Request& request) {
    if (request.path == "/echo/a") handledBefore = echo->handled;
  });
  http.send(get("/echo/a"));
  BOOST_TEST(handledBefore == 0);
}

BOOST_AUTO_TEST_SUITE_END()
