// report.html at scale: N registrants (default 50,000) over four races, each with a key, a link, a
// QR file name, a RaceRanger outcome and a mail; some without email or bib. Prints the size of
// report.html and of report-data/, the time and the peak memory of writing them (the process's,
// seeding included), whether an unchanged second write rewrote anything, and then the browser's
// first paint and a search (scripts/report-browser-timing, when Chromium is installed).
// Usage: racesync_bench_report [N]
#include <Poco/Data/Session.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/config/settings.h"
#include "core/report/report_writer.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;
using namespace racesync;

namespace {

long peakRssKb() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Every table the report reads, filled by SQL itself so that seeding costs no memory here.
void seed(StateStore& store, int n) {
  store.transact([&] {
    store.session()
        << "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
           "INSERT INTO registrants (id, bib, first_name, last_name, name, email, race, "
           "status, source, line) SELECT printf('R%07d', i), "
           "CASE WHEN i % 20 = 0 THEN '' ELSE i END, 'Zoë', 'Müller-' || i, "
           "'Zoë Müller-' || i, CASE WHEN i % 33 = 0 THEN '' ELSE "
           "'zoe.muller' || i || '@example.com' END, "
           "CASE i % 4 WHEN 0 THEN 'Marathon' WHEN 1 THEN 'Half Marathon' WHEN 2 "
           "THEN '10K' ELSE 'Kids Run' END, CASE WHEN i % 97 = 0 THEN 'withdrawn' "
           "ELSE 'active' END, 'registrations.csv', i + 1 FROM n",
        use(n), now;
    store.session()
        << "INSERT INTO links (registration_id, key, link, qr_file, qr_link) SELECT id, "
           "printf('K%05d', rowid), 'https://racemap.app/redeem_key?key=K' || rowid || "
           "'&startNumber=' || bib || '&name=Zo%C3%AB%20M%C3%BCller', "
           "'qr/' || id || '.png', '' FROM registrants",
        now;
    store.session() << "INSERT INTO athletes (registration_id, race_id, outcome) SELECT id, "
                       "'race_' || race, 'created' FROM registrants WHERE bib <> ''",
        now;
    store.session() << "INSERT INTO mails (registration_id, link, state, last_error) SELECT "
                       "r.id, l.link, CASE WHEN r.rowid % 50 = 0 THEN 'failed' ELSE 'sent' END, "
                       "CASE WHEN r.rowid % 50 = 0 THEN '550 mailbox unavailable' ELSE '' END "
                       "FROM registrants r JOIN links l ON l.registration_id = r.id "
                       "WHERE r.email <> ''",
        now;
  });
}

long long folderBytes(const std::string& folder) {
  long long total = 0;
  for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
    total += it->isDirectory() ? folderBytes(it->path()) : static_cast<long long>(it->getSize());
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 50000;
  test::TempDir dir;
  StateStore store(dir.file("racesync.db"));
  seed(store, n);
  long seededKb = peakRssKb();
  Settings settings = Settings::fromString("[event]\nname = Bench\n", {}, dir.path(),
                                           test::sourceDir() + "/templates");
  std::string path = dir.file("out/report.html");
  auto start = std::chrono::steady_clock::now();
  ReportFiles first = writeReport(store, settings, RunOutcome{}, 1795482000000, path);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("report: %d registrants, 4 races\n", n);
  std::printf("  report.html %.1f kB, report-data/ %.2f MB (%d files)\n",
              Poco::File(path).getSize() / 1e3, folderBytes(dir.file("out/report-data")) / 1e6,
              first.dataWritten);
  std::printf("  written in %.0f ms; peak RSS %.1f MiB (%.1f MiB after seeding the store)\n", ms,
              peakRssKb() / 1024.0, seededKb / 1024.0);
  ReportFiles again = writeReport(store, settings, RunOutcome{}, 1795485600000, path);
  std::printf("  unchanged second write: index %s, %d data files rewritten\n",
              again.indexWritten ? "REWRITTEN" : "left alone", again.dataWritten);
  std::fflush(stdout);
  std::string timing = test::sourceDir() + "/scripts/report-browser-timing " + path +
                       " --runs 3 --search 'zoe muller-4711'";
  return std::system(timing.c_str()) == 0 ? 0 : 1;
}
