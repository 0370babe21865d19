#include "sandbox/sandbox_server.h"

#include <boost/test/unit_test.hpp>

#include "core/net/poco_http_transport.h"

using namespace racesync;

namespace {

class EchoService : public sandbox::Service {
 public:
  bool handles(const std::string& path) const override { return path.rfind("/echo", 0) == 0; }
  sandbox::Response handle(const sandbox::Request& request) override {
    ++handled;
    return sandbox::Response::json(
        200, "{\"path\": \"" + request.path + "\", \"n\": \"" + request.param("n") + "\"}");
  }
  int handled = 0;
};

HttpRequest get(const sandbox::SandboxServer& server, const std::string& pathAndQuery) {
  HttpRequest request;
  request.url = server.baseUrl() + pathAndQuery;
  request.timeoutMs = 5000;
  return request;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sandbox_server_test)

BOOST_AUTO_TEST_CASE(routes_to_the_service_that_handles_the_path) {
  sandbox::SandboxServer server;
  auto echo = std::make_shared<EchoService>();
  server.add(echo);
  server.start();
  PocoHttpTransport http;
  HttpResponse response = http.send(get(server, "/echo/a?n=7"));
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body == "{\"path\": \"/echo/a\", \"n\": \"7\"}");
  BOOST_TEST(http.send(get(server, "/other")).status == 404);
  BOOST_TEST(server.countRequests("GET", "/echo") == 1);
}

BOOST_AUTO_TEST_CASE(fails_the_next_n_matching_calls) {
  sandbox::SandboxServer server;
  auto echo = std::make_shared<EchoService>();
  server.add(echo);
  server.start();
  echo->faults().failNext(2, 503, "{}", "/echo/b");
  PocoHttpTransport http;
  BOOST_TEST(http.send(get(server, "/echo/a")).status == 200);
  BOOST_TEST(http.send(get(server, "/echo/b")).status == 503);
  BOOST_TEST(http.send(get(server, "/echo/b")).status == 503);
  BOOST_TEST(http.send(get(server, "/echo/b")).status == 200);
  BOOST_TEST(echo->handled == 2);
}

BOOST_AUTO_TEST_CASE(drops_the_connection_after_doing_the_work) {
  sandbox::SandboxServer server;
  auto echo = std::make_shared<EchoService>();
  server.add(echo);
  server.start();
  echo->faults().dropAfterHandling(1);
  PocoHttpTransport http;
  try {
    http.send(get(server, "/echo/a"));
    BOOST_FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    BOOST_TEST(static_cast<int>(e.failure()) == static_cast<int>(TransportFailure::kDropped));
  }
  BOOST_TEST(echo->handled == 1);
  BOOST_TEST(http.send(get(server, "/echo/a")).status == 200);  // the transport reconnects
}

BOOST_AUTO_TEST_CASE(unreachable_port_is_a_connect_failure) {
  int port = 0;
  {
    sandbox::SandboxServer server;
    server.start();
    port = server.port();
  }
  PocoHttpTransport http;
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/x";
  request.timeoutMs = 2000;
  try {
    http.send(request);
    BOOST_FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    BOOST_TEST(static_cast<int>(e.failure()) == static_cast<int>(TransportFailure::kConnect));
    BOOST_TEST(e.message().find("GET /x: cannot reach 127.0.0.1:") == 0);
  }
}

BOOST_AUTO_TEST_SUITE_END()
