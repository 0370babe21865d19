// How many requests a first push of 50,000 athletes takes, and how long in simulated time the
// rate limits (120/min, 1000/h) make it, for several batch sizes: the raceranger step against the
// in-process sandbox, both on one ManualClock. Run with `scripts/bench raceranger_push`.
#include <Poco/Data/Session.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/net/poco_http_transport.h"
#include "core/raceranger/raceranger_step.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"
#include "sandbox/raceranger_sandbox.h"
#include "sandbox/sandbox_server.h"

using namespace racesync;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

const char* const kKey = "rr_o_bench";

long long countOf(const StepResult& result, const std::string& name) {
  for (const auto& [key, value] : result.counts) {
    if (key == name) return value;
  }
  return -1;
}

void bench(int athletes, int batchSize) {
  ManualClock clock;
  auto rr = std::make_shared<sandbox::RaceRangerSandbox>(clock);
  rr->addEvent("evt_1", "Big City Marathon");
  rr->addRace("evt_1", "race_m", "Marathon");
  rr->addKey(kKey, {"read:races", "read:athletes", "write:athletes"});
  sandbox::SandboxServer server;
  server.add(rr);
  server.start();

  StateStore store(":memory:");
  store.transact([&] {
    for (int i = 0; i < athletes; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "R%06d", i);
      std::string registration = id, bib = std::to_string(i + 1),
                  last = "Runner" + std::to_string(i);
      store.session() << "INSERT INTO registrants (id, bib, first_name, last_name, race, gender) "
                         "VALUES (?, ?, 'Alex', ?, 'Marathon', 'other')",
          use(registration), use(bib), use(last), now;
    }
  });
  Settings settings =
      Settings::fromString("raceranger.base_url = " + server.baseUrl() +
                               "\nraceranger.event_id = evt_1\nraceranger.races.Marathon = race_m\n"
                               "raceranger.batch_size = " +
                               std::to_string(batchSize) + "\n",
                           {{"RACERANGER_API_KEY", kKey}});
  PocoHttpTransport http;
  SilentProgress progress;

  auto runOnce = [&](const char* label) {
    std::int64_t startSim = clock.nowMs();
    int startRequests = static_cast<int>(server.requests().size());
    int startImports = server.countRequests("POST", "athletes:import");
    auto startWall = std::chrono::steady_clock::now();
    RunContext context{settings, store, http, clock, progress, RunOptions{}, 1, Plan{}};
    RaceRangerStep step(1);
    StepResult result = step.run(context);
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - startWall).count();
    double simulated = static_cast<double>(clock.nowMs() - startSim) / 1000.0;
    std::printf(
        "%-6s athletes %6d  batch %4d  requests %5d (imports %5d)  created %6lld  unchanged %6lld  "
        "simulated %9.0f s (%5.2f h)  429s %d  peak/min %3d  peak/h %4d  wall %6.2f s\n",
        label, athletes, batchSize, static_cast<int>(server.requests().size()) - startRequests,
        server.countRequests("POST", "athletes:import") - startImports, countOf(result, "created"),
        countOf(result, "unchanged"), simulated, simulated / 3600.0, rr->rateLimitedCount(),
        rr->peakPerMinute(), rr->peakPerHour(), wall);
  };
  runOnce("first");
  runOnce("second");
}

}  // namespace

int main() {
  bench(50000, 500);  // the default batch size and the documented cap
  bench(50000, 100);
  bench(50000, 25);  // a service with a small cap: the hour limit shows
  return 0;
}
