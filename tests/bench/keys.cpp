// How the keys step grows with the number of registrants: N active registrants in a fresh store,
// an event with no keys in the in-process RACEMAP sandbox, one run of the keys step (which asks
// for N keys, 1000 per call, and assigns them), then a second, unchanged run. Prints CPU seconds
// (getrusage: user + system, sandbox included: it runs in this process), wall seconds and the
// RACEMAP calls of each run. Each size runs in its own child process.
// Run: scripts/bench keys [N ...] (default 1000 10000 50000 200000).
#include <Poco/Data/Session.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/racemap/keys_step.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"
#include "sandbox/in_process_transport.h"
#include "sandbox/racemap_sandbox.h"

using namespace racesync;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

const char* const kToken = "rm_bench_token";

double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long long countOf(const StepResult& result, const std::string& name) {
  for (const auto& [key, value] : result.counts) {
    if (key == name) return value;
  }
  return -1;
}

void addRegistrants(StateStore& store, int n) {
  store.transact([&] {
    Poco::Data::Statement insert(store.session());
    std::string id;
    int line = 0;
    insert << "INSERT INTO registrants (id, first_name, source, line, first_run) "
              "VALUES (?, 'Runner', 'bench.csv', ?, 1)",
        use(id), use(line);
    for (line = 1; line <= n; ++line) {
      char text[16];
      std::snprintf(text, sizeof text, "R%07d", line);
      id = text;
      insert.execute();
    }
  });
}

void bench(int n) {
  ManualClock clock;
  auto racemap = std::make_shared<sandbox::RacemapSandbox>(kToken, "me", 7);
  racemap->addEvent("evt", "Bench Run");
  sandbox::InProcessTransport http;
  http.add(racemap);
  StateStore store(":memory:");
  addRegistrants(store, n);
  Settings settings =
      Settings::fromString("racemap.base_url = " + http.baseUrl() + "\nracemap.event_id = evt\n",
                           {{"RACEMAP_TOKEN", kToken}});
  SilentProgress progress;
  auto runOnce = [&](const char* label) {
    const size_t callsBefore = http.requests().size();
    const double cpuBefore = cpuSeconds();
    const auto wallBefore = std::chrono::steady_clock::now();
    RunContext context{settings, store, http, clock, progress, RunOptions{}, 1, Plan{}};
    KeysStep step;
    StepResult result = step.run(context);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallBefore).count();
    std::printf(
        "%-6s registrants %7d  requested %7lld  assigned %7lld  generate calls %4lld  "
        "RACEMAP calls %4zu  cpu %7.3f s  wall %7.3f s\n",
        label, n, countOf(result, "keys_requested"), countOf(result, "keys_assigned"),
        countOf(result, "generate_calls"), http.requests().size() - callsBefore,
        cpuSeconds() - cpuBefore, wall);
    std::fflush(stdout);
  };
  runOnce("first");
  runOnce("again");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {1000, 10000, 50000, 200000};
  for (int n : sizes) {
    pid_t child = fork();
    if (child == 0) {
      bench(n);
      std::_Exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  }
  return 0;
}
