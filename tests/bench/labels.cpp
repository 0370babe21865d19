// labels.pdf speed and size on N registrants (default 5,000) with names in many scripts: sorting
// and rendering on A4 3x8 sheets and on a 62 mm roll. Prints milliseconds per label and the PDF's
// size. Usage: racesync_bench_labels [N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/labels/labels_pdf.h"
#include "tests/unit/labels/label_samples.h"

using namespace racesync;

namespace {

// Processor time of this process, in ms: on a shared machine, wall time also counts the time
// other processes held the cores.
double cpuMs() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3 + usage.ru_stime.tv_sec * 1e3 +
         usage.ru_stime.tv_usec / 1e3;
}

void run(const std::vector<LabelData>& labels, const std::string& format) {
  const auto start = std::chrono::steady_clock::now();
  const double cpuStart = cpuMs();
  const LabelsPdf pdf = renderLabelsPdf(sortLabels(labels), sheetFormat(format));
  const double wall =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpuMs() - cpuStart;
  if (pdf.labels != static_cast<int>(labels.size()) || !pdf.problems.empty()) std::abort();
  const double n = static_cast<double>(labels.size());
  std::printf("  %-10s %5d pages: %.3f ms/label wall, %.3f cpu; PDF %.2f MB (%.2f kB/label)\n",
              format.c_str(), pdf.pages, wall / n, cpu / n, pdf.bytes.size() / 1e6,
              pdf.bytes.size() / 1e3 / n);
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 5000;
  const std::vector<LabelData> labels = test::sampleLabels(n);
  std::printf("labels: %d registrants, 11 scripts, 3 races (sort + render into memory)\n", n);
  run(labels, "a4-3x8");
  run(labels, "roll-62mm");
  return 0;
}
