// How long fetching and mapping a large RACE RESULT event takes: the sandbox on loopback holds N
// participants; the source logs in, lists them, logs out, and hands out every row.
// Run: scripts/bench raceresult_import [N ...] (default 2000 and 20000).
#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "core/config/settings.h"
#include "core/net/poco_http_transport.h"
#include "core/raceresult/raceresult_registration_source.h"
#include "sandbox/raceresult_sandbox.h"
#include "sandbox/sandbox_server.h"

using namespace racesync;

namespace {

void run(int participants) {
  const std::string key = "bench-key";
  auto service = std::make_shared<sandbox::RaceResultSandbox>(key, "1");
  std::vector<sandbox::RaceResultSandbox::Participant> seeded;
  for (int i = 0; i < participants; ++i) {
    seeded.push_back({{"ID", Poco::Int64(100000 + i)},
                      {"Bib", Poco::Int64(i % 7 == 0 ? 0 : i)},
                      {"FirstName", std::string("First") + std::to_string(i)},
                      {"LastName", std::string("Läufer")},
                      {"Email", "runner" + std::to_string(i) + "@example.org"},
                      {"Contest", Poco::Int64(1 + i % 3)},
                      {"Contest.Name", std::string(i % 3 == 0 ? "10 km" : "Half Marathon")},
                      {"Sex", std::string(i % 2 == 0 ? "f" : "m")},
                      {"DateOfBirth", std::string(i % 5 == 0 ? "1899-12-30" : "1988-07-14")},
                      {"Club", std::string("Lauftreff Nord")},
                      {"Nation.IOC", std::string("GER")}});
  }
  service->setParticipants(std::move(seeded));
  sandbox::SandboxServer server;
  server.add(service);
  server.start();

  PocoHttpTransport http;
  Settings settings = Settings::fromString(
      "raceresult.base_url = " + server.baseUrl() + "\nraceresult.event_id = 1\n",
      {{"RACERESULT_API_KEY", key}});
  auto started = std::chrono::steady_clock::now();
  auto source = openRaceResultSource(http, settings);
  auto fetched = std::chrono::steady_clock::now();
  RawRegistration row;
  long long rows = 0;
  while (source->next(row)) ++rows;
  auto mapped = std::chrono::steady_clock::now();
  auto ms = [](auto from, auto to) {
    return std::chrono::duration_cast<std::chrono::microseconds>(to - from).count() / 1000.0;
  };
  std::cout << participants << " participants: fetch (login, list, logout, parse) "
            << ms(started, fetched) << " ms, map " << rows << " rows " << ms(fetched, mapped)
            << " ms\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 1) {
    run(2000);
    run(20000);
  }
  for (int i = 1; i < argc; ++i) run(std::stoi(argv[i]));
  return 0;
}
