// `racesync sandbox`: the simulated services for rehearsing, up until the user stops them.
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <boost/test/unit_test.hpp>

#include "core/net/poco_http_transport.h"
#include "tests/support/test_support.h"

using namespace racesync;

BOOST_AUTO_TEST_SUITE(sandbox_command_test)

BOOST_AUTO_TEST_CASE(serves_until_interrupted_and_prints_how_to_use_it) {
  Poco::Pipe out;
  Poco::ProcessHandle handle = Poco::Process::launch(
      racesync::test::racesyncBinary(), {"sandbox", "--port", "0"}, nullptr, &out, nullptr);
  Poco::PipeInputStream stream(out);
  std::string first;
  std::getline(stream, first);
  const std::string prefix = "racesync sandbox listening on ";
  BOOST_TEST_REQUIRE(first.rfind(prefix, 0) == 0u, first);
  std::string url = first.substr(prefix.size());

  // It answers as RACEMAP would, for the credentials it printed.
  std::string banner;
  for (std::string line; std::getline(stream, line) && line != "stop it with Ctrl-C";) {
    banner += line + "\n";
  }
  BOOST_TEST(banner.find("export RACEMAP_TOKEN=sandbox-racemap-token") != std::string::npos);
  BOOST_TEST(banner.find("racemap.base_url = " + url) != std::string::npos);
  PocoHttpTransport http;
  HttpRequest inspect;
  inspect.url = url + "/api/inspect";
  inspect.headers = {{"Authorization", "Bearer sandbox-racemap-token"}};
  inspect.timeoutMs = 5000;
  BOOST_TEST(http.send(inspect).status == 200);
  inspect.headers = {{"Authorization", "Bearer wrong"}};
  BOOST_TEST(http.send(inspect).status == 401);

  Poco::Process::requestTermination(handle.id());  // SIGINT, as Ctrl-C
  BOOST_TEST(handle.wait() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
