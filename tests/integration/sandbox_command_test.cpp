// `racesync sandbox`: the simulated services for rehearsing, up until the user stops them.
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/net/poco_http_transport.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

// The local addresses ("0100007F" is 127.0.0.1) of the sockets listening on `port`, as the
// kernel lists them in /proc/net/tcp and /proc/net/tcp6.
std::vector<std::string> listeningAddresses(int port) {
  std::vector<std::string> addresses;
  char hexPort[8];
  std::snprintf(hexPort, sizeof hexPort, "%04X", port);
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the column names
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      const auto colon = local.rfind(':');
      if (state == "0A" && colon != std::string::npos && local.substr(colon + 1) == hexPort) {
        addresses.push_back(local.substr(0, colon));
      }
    }
  }
  return addresses;
}

}  // namespace

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

BOOST_AUTO_TEST_CASE(its_credentials_looked_real_and_it_listens_on_loopback_only) {
  // Issue 14, item 9: the sandbox's fixed, printed RaceRanger key had the real rr_o_ prefix.
  Poco::Pipe out;
  Poco::ProcessHandle handle = Poco::Process::launch(
      racesync::test::racesyncBinary(), {"sandbox", "--port", "0"}, nullptr, &out, nullptr);
  Poco::PipeInputStream stream(out);
  std::string banner;
  for (std::string line; std::getline(stream, line) && line != "stop it with Ctrl-C";) {
    banner += line + "\n";
  }
  const std::string prefix = "racesync sandbox listening on http://127.0.0.1:";
  BOOST_TEST_REQUIRE(banner.rfind(prefix, 0) == 0u, banner);
  const int port = std::stoi(banner.substr(prefix.size()));
  BOOST_TEST(banner.find("rr_o_") == std::string::npos, banner);
  BOOST_TEST(banner.find("rr_e_") == std::string::npos, banner);
  BOOST_TEST(banner.find("export RACERANGER_API_KEY=sandbox-raceranger-key") != std::string::npos,
             banner);

  // The printed key is an org key of the simulated RaceRanger.
  PocoHttpTransport http;
  HttpRequest events;
  events.url = "http://127.0.0.1:" + std::to_string(port) + "/v1/events";
  events.headers = {{"Authorization", "Bearer sandbox-raceranger-key"}};
  events.timeoutMs = 5000;
  BOOST_TEST(http.send(events).status == 200);

  // Bound to 127.0.0.1 only: no socket on that port listens on any other address.
  const std::vector<std::string> addresses = listeningAddresses(port);
  BOOST_TEST(addresses == std::vector<std::string>{"0100007F"}, boost::test_tools::per_element());

  Poco::Process::requestTermination(handle.id());
  BOOST_TEST(handle.wait() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
