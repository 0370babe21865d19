// The real transport against a loopback SandboxServer (the one unit test of core/net that opens
// sockets: it is about them). Timeouts are short; the slow answers are cut off when the server
// stops, so no test waits for them.
#include "core/net/poco_http_transport.h"

#include <boost/test/unit_test.hpp>

#include <memory>

#include "core/net/secret_scrubber.h"
#include "sandbox/sandbox_server.h"

using namespace racesync;

namespace {

// Answers every path under its prefix with 200 and the path.
class PrefixService : public sandbox::Service {
 public:
  explicit PrefixService(std::string prefix) : prefix_(std::move(prefix)) {}
  bool handles(const std::string& path) const override { return path.rfind(prefix_, 0) == 0; }
  sandbox::Response handle(const sandbox::Request& request) override {
    ++handled;
    return sandbox::Response::json(200, "{\"path\": \"" + request.path + "\"}");
  }
  int handled = 0;

 private:
  std::string prefix_;
};

struct SharedHost {
  sandbox::SandboxServer server;
  std::shared_ptr<PrefixService> racemap = std::make_shared<PrefixService>("/api");
  std::shared_ptr<PrefixService> raceranger = std::make_shared<PrefixService>("/v1");
  SharedHost() {
    server.add(racemap);
    server.add(raceranger);
    server.start();
  }
  HttpRequest get(const std::string& service, const std::string& path, int timeoutMs) const {
    HttpRequest request;
    request.url = server.baseUrl() + path;
    request.service = service;
    request.timeoutMs = timeoutMs;
    return request;
  }
};

TransportFailure failureOf(PocoHttpTransport& http, const HttpRequest& request) {
  try {
    http.send(request);
  } catch (const TransportError& e) {
    return e.failure();
  }
  BOOST_FAIL("expected a TransportError");
  return TransportFailure::kConnect;
}

class Recorder : public HttpObserver {
 public:
  void exchanged(const std::string& method, const std::string& url, int status,
                 long long) override {
    lines.push_back(method + " " + url + " " + std::to_string(status));
  }
  std::vector<std::string> lines;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(poco_http_transport_test)

BOOST_AUTO_TEST_CASE(keeps_each_services_timeout_when_two_share_a_host_and_port) {
  SharedHost host;
  PocoHttpTransport http;
  // RACEMAP with a long timeout opens the first connection to the shared host.
  BOOST_TEST(http.send(host.get("racemap", "/api/inspect", 10000)).status == 200);
  // RaceRanger answers too slowly for its own short timeout, on a connection of its own.
  host.raceranger->faults().delay(3000);
  BOOST_TEST(
      (failureOf(http, host.get("raceranger", "/v1/events", 300)) == TransportFailure::kTimeout));
  BOOST_TEST(host.raceranger->handled == 1);
  // RACEMAP's connection is untouched by RaceRanger's timeout.
  BOOST_TEST(http.send(host.get("racemap", "/api/inspect", 10000)).status == 200);
  host.server.stop();
}

BOOST_AUTO_TEST_CASE(applies_each_requests_timeout_on_a_kept_alive_connection) {
  SharedHost host;
  PocoHttpTransport http;
  BOOST_TEST(http.send(host.get("racemap", "/api/inspect", 10000)).status == 200);
  host.racemap->faults().delay(3000);
  BOOST_TEST(
      (failureOf(http, host.get("racemap", "/api/events/e1", 300)) == TransportFailure::kTimeout));
  host.server.stop();
}

BOOST_AUTO_TEST_CASE(shows_the_observer_no_user_info_query_or_secret) {
  SharedHost host;
  Recorder recorder;
  PocoHttpTransport http(&recorder);
  auto scrubber = std::make_shared<SecretScrubber>();
  scrubber->add("s3cret");
  HttpRequest request = host.get("racemap", "/api/events/s3cret?token=s3cret", 5000);
  request.url = "http://user:s3cret@" + request.url.substr(std::string("http://").size());
  request.scrubber = scrubber;
  BOOST_TEST(http.send(request).status == 200);
  BOOST_REQUIRE(recorder.lines.size() == 1u);
  BOOST_TEST(recorder.lines[0] ==
             "GET http://127.0.0.1:" + std::to_string(host.server.port()) + "/api/events/*** 200");
}

BOOST_AUTO_TEST_CASE(refuses_what_is_not_an_http_url_before_sending_anything) {
  PocoHttpTransport http;
  HttpRequest request;
  request.url = "ftp://127.0.0.1/x";
  try {
    http.send(request);
    BOOST_FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    BOOST_TEST((e.failure() == TransportFailure::kConnect));
    BOOST_TEST(e.message() == "GET ftp://127.0.0.1/x: only http and https URLs work");
  }
  request.url = "http://[::1/x";
  try {
    http.send(request);
    BOOST_FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    BOOST_TEST((e.failure() == TransportFailure::kConnect));
    BOOST_TEST(e.message().rfind("GET http://[::1/x: not a URL (", 0) == 0);
  }
}

BOOST_AUTO_TEST_SUITE_END()
