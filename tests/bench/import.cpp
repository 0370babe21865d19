// How fast the import is and whether its memory stays flat: generates a realistic export of N
// rows, imports it into a fresh SQLite store, then imports it again unchanged. Prints CPU seconds
// (getrusage: user + system) per 10,000 rows and the peak resident set size (ru_maxrss). Each size
// runs in its own child process so that peaks do not carry over.
// Run: scripts/bench import [N ...] (default 10000 and 50000).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/import/import_step.h"
#include "core/net/poco_http_transport.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports kilobytes
}

// Writes the export line by line: the generator must not hold the file in memory either.
void writeExport(const std::string& path, int rows) {
  static const char* kFirst[] = {"Anna", "Zoë", "Łukasz", "François", "Jürgen", "Seán", "Inés"};
  static const char* kLast[] = {"Müller", "O'Brien", "van der Berg", "de la Cruz", "Ångström"};
  static const char* kRaces[] = {"Marathon", "Half Marathon", "10K", "Kids Run"};
  std::ofstream out(path, std::ios::binary);
  out << "Registration ID,Bib,First Name,Last Name,Email,Race,Gender,Date of Birth,Club,Nation,"
         "Payment Status\r\n";
  char line[512];
  for (int i = 0; i < rows; ++i) {
    std::snprintf(line, sizeof line,
                  "R%d,%04d,%s,%s,runner%d@example.com,%s,%s,%02d.%02d.%d,\"Club %d, Section "
                  "%d\",GER,%s\r\n",
                  100000 + i, i + 1, kFirst[i % 7], kLast[i % 5], i, kRaces[i % 4],
                  i % 2 ? "M" : "F", 1 + i % 28, 1 + i % 12, 1950 + i % 60, i % 97, i % 3,
                  i % 50 == 0 ? "Refunded" : "Paid");
    out << line;
  }
}

struct Measure {
  double cpu;
  double peakMb;
  std::string summary;
};

// Captures the step's one-line summary.
class SummaryProgress : public SilentProgress {
 public:
  void stepFinished(const std::string&, const std::string& summary) override { line = summary; }
  std::string line;
};

Measure importOnce(const Settings& settings, StateStore& store) {
  PocoHttpTransport http;
  SystemClock clock;
  SummaryProgress progress;
  RunContext context{settings, store, http, clock, progress, RunOptions{}, 1, Plan{}};
  ImportStep step;
  double before = cpuSeconds();
  step.run(context);
  return {cpuSeconds() - before, peakRssMb(), progress.line};
}

void run(int rows) {
  test::TempDir dir;
  writeExport(dir.file("export.csv"), rows);
  Settings settings = Settings::fromString(
      "registrations.files = export.csv\nregistrations.skip_when.Payment Status = Refunded\n", {},
      dir.path());
  double baseline = peakRssMb();
  StateStore store(dir.file("racesync.db"));
  Measure first = importOnce(settings, store);
  Measure second = importOnce(settings, store);
  auto per10k = [&](double cpu) { return cpu * 10000.0 / rows; };
  std::printf("%d rows (peak RSS before importing %.1f MB)\n", rows, baseline);
  std::printf("  first import:  %.3f s CPU, %.3f s per 10,000 rows, peak RSS %.1f MB\n    %s\n",
              first.cpu, per10k(first.cpu), first.peakMb, first.summary.c_str());
  std::printf("  second import: %.3f s CPU, %.3f s per 10,000 rows, peak RSS %.1f MB\n    %s\n",
              second.cpu, per10k(second.cpu), second.peakMb, second.summary.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::stoi(argv[i]));
  if (sizes.empty()) sizes = {10000, 50000};
  for (int rows : sizes) {
    pid_t child = fork();
    if (child == 0) {
      run(rows);
      _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  }
  return 0;
}
