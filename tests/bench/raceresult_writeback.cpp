// How long writing keys and links back into a large RACE RESULT event takes: N registrants with a
// key and a link in an in-memory store, the sandbox on loopback holding the N participants; the
// raceresult step plans and writes them all (batches of 500), then a re-run plans and writes none.
// Run: scripts/bench raceresult_writeback [N ...] (default 2000 and 20000).
#include <Poco/Data/Session.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/net/poco_http_transport.h"
#include "core/raceresult/raceresult_step.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"
#include "sandbox/raceresult_sandbox.h"
#include "sandbox/sandbox_server.h"

using namespace racesync;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

void seed(StateStore& store, sandbox::RaceResultSandbox& service, int participants) {
  std::vector<sandbox::RaceResultSandbox::Participant> seeded;
  store.transact([&] {
    for (int i = 0; i < participants; ++i) {
      std::string id = std::to_string(100000 + i), bib = std::to_string(i + 1);
      std::string key = "K" + std::to_string(100000 + i), source = "raceresult";
      std::string link = "https://racemap.app/redeem_key?key=" + key + "&startNumber=" + bib +
                         "&name=First%20L%C3%A4ufer";
      seeded.push_back({{"ID", Poco::Int64(100000 + i)}, {"Bib", Poco::Int64(i + 1)}});
      store.session() << "INSERT INTO registrants (id, bib, source) VALUES (?, ?, ?)", use(id),
          use(bib), use(source), now;
      store.session() << "INSERT INTO keys (key, state, registration_id) VALUES (?, 'assigned', ?)",
          use(key), use(id), now;
      store.session() << "INSERT INTO links (registration_id, key, link) VALUES (?, ?, ?)", use(id),
          use(key), use(link), now;
    }
  });
  service.setParticipants(std::move(seeded));
}

void run(int participants) {
  const std::string key = "bench-key";
  auto service = std::make_shared<sandbox::RaceResultSandbox>(key, "1");
  StateStore store(":memory:");
  seed(store, *service, participants);
  sandbox::SandboxServer server;
  server.add(service);
  server.start();

  PocoHttpTransport http;
  SystemClock clock;
  SilentProgress progress;
  Settings settings = Settings::fromString(
      "registrations.source = raceresult\nraceresult.base_url = " + server.baseUrl() +
          "\nraceresult.event_id = 1\nraceresult.writeback.key_field = TrackingKey\n"
          "raceresult.writeback.link_field = RacemapLink\nraceresult.writeback.per_minute = "
          "10000\n",
      {{"RACERESULT_API_KEY", key}});
  auto once = [&] {
    RunContext context{settings, store, http, clock, progress, RunOptions{}, 1, Plan{}};
    auto started = std::chrono::steady_clock::now();
    RaceResultStep().run(context);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 started)
               .count() /
           1000.0;
  };
  double first = once();
  int calls = service->saveCalls();
  double again = once();
  std::cout << participants << " participants: write-back " << first << " ms (" << calls
            << " savevaluearray calls, " << service->savedValues().size() << " values), re-run "
            << again << " ms (" << service->saveCalls() - calls << " calls)\n";
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
