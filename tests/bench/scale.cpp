// The whole run at scale: for each size (default 1,000, 10,000, 50,000 and 200,000 registrants;
// RACESYNC_BENCH_SIZES=1000,10000 or arguments pick others) an export written by
// scripts/make_sample_registrations --count N, the simulated RACEMAP and RaceRanger of
// `racesync sandbox` on loopback (its own process: its CPU and memory are not racesync's), and
// racesync's steps run one after the other on one state store, then all again unchanged.
//
// How it measures: every step (import, keys, links, racemap, raceranger, raceresult, mail, and
// the report `racesync run` writes at the end) runs in its own child process, forked from this
// one, and is measured with wait4's rusage: CPU = user + system seconds of that process (all its
// threads), peak RSS = that process's own peak (ru_maxrss), so no step is charged another's
// memory. The steps talk to the sandbox over real HTTP (PocoHttpTransport); the remote calls are
// counted in the child by service (RACEMAP, RaceRanger), mails by the .eml files the outbox gained
// (mail.enabled = false: the outbox stands in for SMTP). RACESYNC_BENCH_MODE=run runs instead
// the steps and the report in one process, as `racesync run` does: its peak RSS is the whole
// run's. RACESYNC_BENCH_STEPS=import,keys,report picks steps (default: all, then the report);
// RACESYNC_BENCH_BARE=0 leaves out the bare QR loop; RACESYNC_BENCH_REPEAT=3 runs all sizes three
// times and shows each step's fastest run. The sandbox's RaceRanger rate limits are lifted
// (RACESYNC_BENCH_RATE_LIMITS=1 keeps them): see startSandbox.
//
// The reference: the bare libqrencode + libpng loop (tests/bench/bare_qr.h) over the same links
// (read from the store after the run), in its own process, in the same invocation; "x bare" is
// the run's CPU over the loop's. On a shared machine wall seconds also count the time others
// held the cores: compare CPU.
// Usage: racesync_bench_scale [N ...]
#include <Poco/Data/Session.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/net/poco_http_transport.h"
#include "core/report/report_writer.h"
#include "core/run/pipeline.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"
#include "jobs/wiring.h"
#include "sandbox/raceranger_sandbox.h"
#include "sandbox/rehearsal.h"
#include "tests/bench/bare_qr.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace {

// What one child reports back through its pipe.
struct Calls {
  long racemap = 0;
  long raceranger = 0;
  long other = 0;
  long mails = 0;
  int exitCode = 0;
};

struct Measured {
  double cpu = 0;
  double system = 0;  // the kernel's part of cpu: file writes, sockets, page cache
  double wall = 0;
  double rssMiB = 0;
  Calls calls;
};

// Counts every exchange by the service that sent it.
class CountingTransport : public HttpTransport {
 public:
  explicit CountingTransport(HttpTransport& inner) : inner_(inner) {}
  HttpResponse send(const HttpRequest& request) override {
    if (request.service == "racemap") {
      ++calls.racemap;
    } else if (request.service == "raceranger") {
      ++calls.raceranger;
    } else {
      ++calls.other;
    }
    return inner_.send(request);
  }
  Calls calls;

 private:
  HttpTransport& inner_;
};

double seconds(const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; }

// Runs `work` in a child process; its CPU, wall time and peak RSS come from wait4.
Measured inChild(const std::function<Calls()>& work) {
  int fds[2];
  if (pipe(fds) != 0) std::abort();
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    Calls calls;
    try {
      calls = work();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "scale: %s\n", e.what());
      calls.exitCode = 70;
    }
    if (write(fds[1], &calls, sizeof calls) != static_cast<ssize_t>(sizeof calls)) std::_Exit(71);
    std::_Exit(0);
  }
  close(fds[1]);
  Measured m;
  if (read(fds[0], &m.calls, sizeof m.calls) != static_cast<ssize_t>(sizeof m.calls)) {
    m.calls.exitCode = 71;
  }
  close(fds[0]);
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  m.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  m.system = seconds(usage.ru_stime);
  m.rssMiB = usage.ru_maxrss / 1024.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) m.calls.exitCode = 70;
  return m;
}

// The sandbox in a child process until `stop` closes; returns its base URL.
struct SandboxProcess {
  pid_t pid = 0;
  int stopFd = -1;
  std::string baseUrl;
};

SandboxProcess startSandbox(const std::string& config) {
  int urlPipe[2], stopPipe[2];
  if (pipe(urlPipe) != 0 || pipe(stopPipe) != 0) std::abort();
  std::fflush(stdout);
  SandboxProcess p;
  p.pid = fork();
  if (p.pid == 0) {
    close(urlPipe[0]);
    close(stopPipe[1]);
    Settings settings = Settings::load(config, {});
    SystemClock clock;
    sandbox::Rehearsal rehearsal(settings, clock, 0, "", 7);
    // RaceRanger's documented limits (120 a minute, 1000 an hour) would make the wall time of a
    // 200k run mostly racesync pacing itself (its 370 requests take three minutes): lifted unless
    // RACESYNC_BENCH_RATE_LIMITS=1. CPU does not depend on it.
    const char* limits = std::getenv("RACESYNC_BENCH_RATE_LIMITS");
    if (limits == nullptr || std::string(limits) != "1") {
      rehearsal.raceranger().setRateLimits(1000000, 1000000);
    }
    rehearsal.start();
    std::string url = rehearsal.baseUrl() + "\n";
    if (write(urlPipe[1], url.data(), url.size()) < 0) std::_Exit(71);
    close(urlPipe[1]);
    char byte;
    while (read(stopPipe[0], &byte, 1) > 0) {
    }
    rehearsal.stop();
    std::_Exit(0);
  }
  close(urlPipe[1]);
  close(stopPipe[0]);
  p.stopFd = stopPipe[1];
  char buffer[256];
  ssize_t got = read(urlPipe[0], buffer, sizeof buffer - 1);
  close(urlPipe[0]);
  if (got <= 1) std::abort();
  p.baseUrl.assign(buffer, static_cast<size_t>(got - 1));
  return p;
}

void stopSandbox(SandboxProcess& p) {
  close(p.stopFd);
  int status = 0;
  waitpid(p.pid, &status, 0);
}

void writeConfig(const std::string& path, const std::string& dir, const std::string& baseUrl) {
  std::ofstream out(path);
  out << "[event]\nname = Scale bench\n"
      << "[out]\ndir = " << dir << "/out\n"
      << "[registrations]\nsource = csv\nfiles = " << dir << "/registrations.csv\n"
      << "races = Marathon, Half Marathon, 10K, Kids Run\n"
      << "skip_when.Payment Status = Refunded, Cancelled\n"
      << "[racemap]\nbase_url = " << baseUrl << "\nevent_id = lakeside-2026\n"
      << "[raceranger]\nbase_url = " << baseUrl << "\nevent_id = evt_lakeside2026\n"
      << "races.Marathon = race_marathon\nraces.Half Marathon = race_half\n"
      << "races.10K = race_10k\nraces.Kids Run = race_kids\n"
      << "[mail]\nenabled = false\nfrom = Bench <bench@example.com>\noutbox = " << dir
      << "/outbox\n";
}

long countFiles(const std::string& dir) {
  if (!Poco::File(dir).exists()) return 0;
  long count = 0;
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) count += it->isFile() ? 1 : 0;
  return count;
}

// What one measured process runs: pipeline steps, and whether the report follows.
struct Work {
  std::vector<std::string> steps;
  bool report = false;
};

// Work "report" is the report alone, "all" every selected step and (when selected) the report,
// any other name that step.
Work workOf(const std::string& name, const std::vector<std::string>& selected) {
  Work work;
  for (const auto& step : name == "all" ? selected : std::vector<std::string>{name}) {
    if (step == "report") {
      work.report = true;
    } else {
      work.steps.push_back(step);
    }
  }
  return work;
}

// `work` in this process, as `racesync run` does it.
Calls runWork(const std::string& config, const Work& work) {
  Settings settings =
      Settings::load(config, sandbox::Rehearsal::credentials(), test::sourceDir() + "/templates");
  StateStore store(settings.statePath(), settings.fileModes());
  SystemClock clock;
  SilentProgress progress;
  PocoHttpTransport http(nullptr);
  CountingTransport counting(http);
  RunOutcome outcome;
  if (!work.steps.empty()) {
    Pipeline pipeline(settings, store, counting, clock, progress, realSteps());
    outcome = pipeline.run(work.steps, RunOptions{});
  }
  // As `racesync run` ends: in one process an idle re-run leaves the report as it is; the report
  // measured alone (no steps, so not idle) is written.
  if (work.report) reportRun(store, settings, outcome, clock.nowMs());
  counting.calls.exitCode = outcome.exitCode;
  return counting.calls;
}

Measured measureStep(const std::string& config, const std::string& dir, const Work& work) {
  const long mailsBefore = countFiles(dir + "/outbox");
  Measured m = inChild([&] { return runWork(config, work); });
  m.calls.mails = countFiles(dir + "/outbox") - mailsBefore;
  return m;
}

// The bare loop over every link the run made.
Measured measureBareLoop(const std::string& dir) {
  return inChild([&] {
    std::vector<std::string> links;
    {
      StateStore store(dir + "/out/racesync.db");
      store.session() << "SELECT link FROM links ORDER BY registration_id", into(links), now;
    }
    size_t bytes = 0;
    for (const auto& link : links) bytes += bench::bareQrLoop(link);
    Calls calls;
    calls.other = static_cast<long>(links.size());
    calls.exitCode = bytes > 0 || links.empty() ? 0 : 1;
    return calls;
  });
}

struct SizeResult {
  int n = 0;
  std::vector<std::string> steps;
  std::map<std::string, Measured> first, again;
  Measured bare;
};

void printRow(const std::string& name, const Measured& first, const Measured& again) {
  std::printf("  %-10s %8.3f %8.2f %7.1f %7ld %7ld %6ld | %8.3f %6.1f%% %5ld %5ld %5ld%s\n",
              name.c_str(), first.cpu, first.wall, first.rssMiB, first.calls.racemap,
              first.calls.raceranger, first.calls.mails, again.cpu,
              first.cpu > 0 ? 100 * again.cpu / first.cpu : 0.0, again.calls.racemap,
              again.calls.raceranger, again.calls.mails,
              first.calls.exitCode || again.calls.exitCode ? "  (exit != 0)" : "");
}

void printSize(const SizeResult& r) {
  std::printf(
      "\n%d registrants              first run                           | unchanged re-run\n"
      "  %-10s %8s %8s %7s %7s %7s %6s | %8s %7s %5s %5s %5s\n",
      r.n, "step", "cpu s", "wall s", "RSS MiB", "RACEMAP", "RRanger", "mails", "cpu s", "/first",
      "RM", "RR", "mails");
  Measured total, totalAgain;
  for (const auto& step : r.steps) {
    const Measured& f = r.first.at(step);
    const Measured& a = r.again.at(step);
    printRow(step, f, a);
    total.cpu += f.cpu;
    total.wall += f.wall;
    total.rssMiB = std::max(total.rssMiB, f.rssMiB);
    totalAgain.cpu += a.cpu;
    totalAgain.wall += a.wall;
    totalAgain.rssMiB = std::max(totalAgain.rssMiB, a.rssMiB);
    total.calls.racemap += f.calls.racemap;
    total.calls.raceranger += f.calls.raceranger;
    total.calls.mails += f.calls.mails;
    totalAgain.calls.racemap += a.calls.racemap;
    totalAgain.calls.raceranger += a.calls.raceranger;
    totalAgain.calls.mails += a.calls.mails;
  }
  printRow("total", total, totalAgain);
  if (r.bare.cpu == 0) {
    std::printf("  bare QR loop: left out (RACESYNC_BENCH_BARE=0)\n");
    std::fflush(stdout);
    return;
  }
  std::printf(
      "  bare QR loop over the same %ld links: %.3f s cpu, %.2f s wall, %.1f MiB; "
      "run/bare cpu %.2fx",
      r.bare.calls.other, r.bare.cpu, r.bare.wall, r.bare.rssMiB, total.cpu / r.bare.cpu);
  // In one process (RACESYNC_BENCH_MODE=run) the links step has no figure of its own.
  if (r.first.count("links")) {
    std::printf(", links step/bare cpu %.2fx", r.first.at("links").cpu / r.bare.cpu);
  }
  std::printf("\n");
  std::fflush(stdout);
}

SizeResult benchSize(int n, const std::vector<std::string>& steps,
                     const std::vector<std::string>& selected) {
  test::TempDir dir;
  SizeResult r;
  r.n = n;
  r.steps = steps;
  const std::string csv = dir.file("registrations.csv");
  const std::string make = test::sourceDir() + "/scripts/make_sample_registrations --count " +
                           std::to_string(n) + " --out " + csv + " >/dev/null";
  if (std::system(make.c_str()) != 0) std::abort();
  const std::string config = dir.file("racesync.ini");
  writeConfig(config, dir.path(), "http://127.0.0.1:9");
  SandboxProcess sandbox = startSandbox(config);
  writeConfig(config, dir.path(), sandbox.baseUrl);
  auto measure = [&](const char* run, std::map<std::string, Measured>& into) {
    for (const auto& step : steps) {
      const Measured m = measureStep(config, dir.path(), workOf(step, selected));
      into[step] = m;
      std::fprintf(stderr, "scale: %d %s %s: %.3f s cpu, %.2f s wall, %.1f MiB\n", n, run,
                   step.c_str(), m.cpu, m.wall, m.rssMiB);
    }
  };
  measure("first", r.first);
  measure("again", r.again);
  stopSandbox(sandbox);
  const char* bare = std::getenv("RACESYNC_BENCH_BARE");  // 0: skip the reference loop
  if (bare == nullptr || std::string(bare) != "0") r.bare = measureBareLoop(dir.path());
  return r;
}

// Keeps in `best` the faster of each measurement (a failed one always): other work on the
// machine, the page cache and the scheduler only ever add time to a step.
void keepFaster(Measured& best, const Measured& now) {
  if (best.calls.exitCode != 0) return;
  if (now.calls.exitCode != 0 || best.cpu == 0 || now.cpu < best.cpu) best = now;
}

// Merges `next`, another run of the same size, into `best`.
void keepFaster(SizeResult& best, const SizeResult& next) {
  for (const auto& [step, m] : next.first) keepFaster(best.first[step], m);
  for (const auto& [step, m] : next.again) keepFaster(best.again[step], m);
  keepFaster(best.bare, next.bare);
}

int repeatCount() {
  const char* text = std::getenv("RACESYNC_BENCH_REPEAT");
  const int repeat = text == nullptr ? 1 : std::atoi(text);
  return repeat < 1 ? 1 : repeat;
}

std::vector<int> sizesFrom(int argc, char** argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty() && std::getenv("RACESYNC_BENCH_SIZES") != nullptr) {
    std::stringstream list(std::getenv("RACESYNC_BENCH_SIZES"));
    for (std::string item; std::getline(list, item, ',');) sizes.push_back(std::stoi(item));
  }
  if (sizes.empty()) sizes = {1000, 10000, 50000, 200000};
  return sizes;
}

// Per step: CPU at the largest size over CPU at 10k (linear growth from 10k is 20x at 200k).
void printGrowth(const std::vector<SizeResult>& results) {
  const SizeResult* base = nullptr;
  for (const auto& r : results) base = r.n == 10000 ? &r : base;
  const SizeResult& top = results.back();
  if (base == nullptr || top.n <= base->n) return;
  // User and system apart: the kernel's share (writing 200,000 .eml and QR files, the page cache
  // flushing gigabytes behind them) moves a lot between runs on a shared machine.
  std::printf(
      "\nCPU growth %d/%d (linear: %.0fx)\n  step           cpu    user  system | system s at %d / "
      "%d\n",
      top.n, base->n, static_cast<double>(top.n) / base->n, base->n, top.n);
  auto printRow = [](const char* name, const Measured& a, const Measured& b) {
    auto ratio = [](double x, double y) { return y > 0 ? x / y : 0.0; };
    std::printf("  %-10s %6.1fx %6.1fx %6.1fx | %8.3f / %.3f\n", name, ratio(a.cpu, b.cpu),
                ratio(a.cpu - a.system, b.cpu - b.system), ratio(a.system, b.system), b.system,
                a.system);
  };
  Measured topTotal, baseTotal;
  for (const auto& step : top.steps) {
    const Measured& a = top.first.at(step);
    const Measured& b = base->first.at(step);
    topTotal.cpu += a.cpu;
    topTotal.system += a.system;
    baseTotal.cpu += b.cpu;
    baseTotal.system += b.system;
    printRow(step.c_str(), a, b);
  }
  printRow("total", topTotal, baseTotal);
}

}  // namespace

// RACESYNC_BENCH_STEPS=import,keys,...,report: the steps to run (default all and the report).
std::vector<std::string> selectedSteps() {
  std::vector<std::string> steps;
  if (const char* list = std::getenv("RACESYNC_BENCH_STEPS")) {
    std::stringstream items(list);
    for (std::string item; std::getline(items, item, ',');) steps.push_back(item);
  }
  if (steps.empty()) {
    steps = allStepNames();
    steps.push_back("report");
  }
  return steps;
}

int main(int argc, char** argv) {
  const char* mode = std::getenv("RACESYNC_BENCH_MODE");
  const bool oneProcess = mode != nullptr && std::string(mode) == "run";
  const std::vector<std::string> selected = selectedSteps();
  const std::vector<std::string> steps = oneProcess ? std::vector<std::string>{"all"} : selected;
  std::printf(
      "scale: the export of scripts/make_sample_registrations, the sandbox on loopback in its "
      "own process;\n%s\ncpu = user + system s (wait4 rusage), RSS = ru_maxrss of that process "
      "(forked from this small one); wall is indicative on a shared machine, compare cpu;\n"
      "RaceRanger's rate limits lifted in the sandbox unless RACESYNC_BENCH_RATE_LIMITS=1\n",
      oneProcess ? "RACESYNC_BENCH_MODE=run: the steps and the report in ONE process (racesync "
                   "run): RSS is the whole run's peak"
                 : "each step (and the report) in its OWN process, measured by wait4: RSS is that "
                   "step's own peak");
  // RACESYNC_BENCH_REPEAT=R: all sizes run R times from scratch, one size after the other
  // (10k, 200k, 10k, 200k: a slow spell of the machine hits both), and each step shows its fastest
  // run. A step of 0.04 s at 10k moves by up to 30 % between runs, and so does its 200k/10k ratio.
  const std::vector<int> sizes = sizesFrom(argc, argv);
  const int repeat = repeatCount();
  std::vector<SizeResult> results;
  for (int round = 0; round < repeat; ++round) {
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      SizeResult r = benchSize(sizes[i], steps, selected);
      if (round == 0) {
        results.push_back(std::move(r));
      } else {
        keepFaster(results[i], r);
      }
    }
  }
  if (repeat > 1) {
    std::printf("\nevery size ran %d times: each figure is its fastest run\n", repeat);
  }
  for (const auto& r : results) printSize(r);
  printGrowth(results);
  for (const auto& r : results) {
    for (const auto& [step, m] : r.first) {
      if (m.calls.exitCode != 0) return 1;
    }
  }
  return 0;
}
