// QR step speed on N registrants (default 50,000): the bare libqrencode + libpng loop as the
// baseline, renderQrPng on one thread, and the links step (render, atomic file writes, store)
// on 1 and 2 threads. Prints milliseconds per code. Usage: racesync_bench_qr [N]
#include <Poco/Data/Session.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/links/links_step.h"
#include "core/links/qr_renderer.h"
#include "core/links/redeem_link.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"
#include "tests/bench/bare_qr.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

std::string keyFor(int i) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string key;
  for (int n = 0, v = i * 7919 + 12345; n < 6; ++n, v /= 36) key += kAlphabet[v % 36];
  return key;
}

std::vector<std::string> makeLinks(int n) {
  std::vector<std::string> links;
  for (int i = 0; i < n; ++i) {
    links.push_back(redeemLink(kDefaultLinkBase, keyFor(i), std::to_string(10000 + i),
                               "Firstname" + std::to_string(i) + " Lastname"));
  }
  return links;
}

double msPerCode(std::chrono::steady_clock::time_point start, int n) {
  auto elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  return elapsed.count() / n;
}

// Processor time of this process (all threads), in ms: on a shared machine, wall time also
// counts the time other processes held the cores.
double cpuMs() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3 + usage.ru_stime.tv_sec * 1e3 +
         usage.ru_stime.tv_usec / 1e3;
}

// The links step on n registrants with keys, in a fresh store and out folder.
double linksStep(int n, int threads, double* cpuPerCode) {
  test::TempDir dir;
  Settings settings = Settings::fromString(
      "out.dir = " + dir.path() + "\nqr.threads = " + std::to_string(threads), {}, dir.path());
  StateStore store(dir.file("racesync.db"));
  store.transact([&] {
    for (int i = 0; i < n; ++i) {
      std::string id = "R" + std::to_string(i);
      std::string bib = std::to_string(10000 + i);
      std::string first = "Firstname" + std::to_string(i);
      std::string key = keyFor(i);
      store.session() << "INSERT INTO registrants (id, bib, first_name, last_name, line) "
                         "VALUES (?, ?, ?, 'Lastname', ?)",
          use(id), use(bib), use(first), use(i), now;
      store.session() << "INSERT INTO keys (key, state, registration_id) VALUES (?, 'assigned', ?)",
          use(key), use(id), now;
    }
  });
  SystemClock clock;
  SilentProgress progress;
  class NoHttp : public HttpTransport {
    HttpResponse send(const HttpRequest&) override { std::abort(); }
  } http;
  RunContext context{settings, store, http, clock, progress, RunOptions{}, 0, Plan{}};
  LinksStep step;
  auto start = std::chrono::steady_clock::now();
  const double cpuStart = cpuMs();
  StepResult result = step.run(context);
  double ms = msPerCode(start, n);
  *cpuPerCode = (cpuMs() - cpuStart) / n;
  for (const auto& [name, value] : result.counts) {
    if (name == "qr_written" && value != n) std::abort();
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 50000;
  const std::vector<std::string> links = makeLinks(n);
  std::printf("qr: %d registrants, module 8 px, quiet zone 4, error correction M\n", n);
  std::printf("  (wall ms/code; cpu = processor ms/code of this process, all threads)\n");

  size_t bytes = 0;
  auto start = std::chrono::steady_clock::now();
  double cpu = cpuMs();
  for (const auto& link : links) bytes += bench::bareQrLoop(link);
  const double bare = msPerCode(start, n);
  const double bareCpu = (cpuMs() - cpu) / n;
  std::printf(
      "  bare C loop (encode + per-pixel rows, memory), 1 thread: %.3f wall, %.3f cpu (%zu B)\n",
      bare, bareCpu, bytes / n);

  bytes = 0;
  start = std::chrono::steady_clock::now();
  cpu = cpuMs();
  for (const auto& link : links) bytes += renderQrPng(link).size();
  const double renderer = msPerCode(start, n);
  const double rendererCpu = (cpuMs() - cpu) / n;
  std::printf(
      "  renderQrPng (memory), 1 thread:                 %.3f wall, %.3f cpu (%.2fx bare cpu)\n",
      renderer, rendererCpu, rendererCpu / bareCpu);

  double step1Cpu = 0;
  const double step1 = linksStep(n, 1, &step1Cpu);
  std::printf(
      "  links step (render + files + store), 1 thread:  %.3f wall, %.3f cpu (%.2fx bare cpu)\n",
      step1, step1Cpu, step1Cpu / bareCpu);
  double step2Cpu = 0;
  const double step2 = linksStep(n, 2, &step2Cpu);
  std::printf(
      "  links step (render + files + store), 2 threads: %.3f wall, %.3f cpu (%.2fx faster than 1 "
      "thread, wall)\n",
      step2, step2Cpu, step1 / step2);
  return 0;
}
