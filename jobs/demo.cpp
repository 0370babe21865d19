#include "jobs/demo.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <sstream>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/net/poco_http_transport.h"
#include "core/report/report_writer.h"
#include "core/report/run_summary.h"
#include "core/report/status.h"
#include "core/run/console_progress.h"
#include "core/run/pipeline.h"
#include "core/store/state_store.h"
#include "jobs/wiring.h"
#include "sandbox/rehearsal.h"

namespace racesync {

namespace {

constexpr const char* kMarker = ".racesync-demo";

// Empties `dir` when it holds an earlier demo; refuses a folder with anything else in it.
void prepareFolder(const std::string& dir) {
  Poco::File folder(dir);
  if (folder.exists()) {
    bool empty = Poco::DirectoryIterator(dir) == Poco::DirectoryIterator();
    if (!empty && !Poco::File(dir + "/" + kMarker).exists()) {
      throw UsageError("demo: " + dir +
                       " is not empty and holds no earlier demo: pick another folder with --out");
    }
    folder.remove(true);
  }
  folder.createDirectories();
  Poco::File(dir + "/" + kMarker).createFile();
}

long long countFiles(const std::string& dir) {
  if (!Poco::File(dir).exists()) return 0;
  long long count = 0;
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) count += it->isFile() ? 1 : 0;
  return count;
}

// The sample configuration, pointed at the sandbox and at the demo folder.
Poco::AutoPtr<Poco::Util::LayeredConfiguration> demoConfiguration(const std::string& samplesConfig,
                                                                  const std::string& dir,
                                                                  const std::string& source,
                                                                  sandbox::Rehearsal& rehearsal) {
  Poco::AutoPtr<Poco::Util::MapConfiguration> overrides(new Poco::Util::MapConfiguration);
  overrides->setString("out.dir", dir);
  overrides->setString("state.path", dir + "/racesync.db");
  overrides->setString("racemap.base_url", rehearsal.baseUrl());
  overrides->setString("raceranger.base_url", rehearsal.baseUrl());
  overrides->setString("raceresult.base_url", rehearsal.baseUrl());
  overrides->setString("registrations.source", source);
  overrides->setString("raceresult.event_id", rehearsal.raceResultEvent());
  overrides->setString("mail.enabled", "false");
  overrides->setString("mail.outbox", dir + "/outbox");
  Poco::AutoPtr<Poco::Util::LayeredConfiguration> layered(new Poco::Util::LayeredConfiguration);
  layered->add(overrides, 0);  // LayeredConfiguration shares ownership (AutoPtr)
  layered->add(new Poco::Util::IniFileConfiguration(samplesConfig), 1);  // owned by layered
  return layered;
}

// Where to look once the demo has run.
void printGuide(std::ostream& out, const std::string& dir) {
  out << "look at, in " << dir << "/:\n"
      << "  report.html           the report: open it in a browser (on a phone too)\n"
      << "  report-data/          its registrants per race, and races/<race>.csv\n"
      << "  links.csv             the mail-merge CSV, one row per registrant\n"
      << "  qr/                   one QR code per registrant\n"
      << "  racemap-import.json   the RACEMAP participant import (and racemap-import.csv)\n"
      << "  outbox/               the mails, as .eml files\n";
}

}  // namespace

int demoCommand(const CommandLine& line, const DataDir& data, std::ostream& out, bool terminal) {
  std::string samples = data.samples();
  std::string samplesConfig = samples + "/racesync.ini";
  std::string source = line.source.empty() ? "csv" : line.source;
  if (source != "csv" && source != "raceresult") {
    throw UsageError("demo: --source takes csv or raceresult, not '" + source + "'");
  }
  Poco::Path outPath(line.outDir.empty() ? "racesync-demo" : line.outDir);
  outPath.makeAbsolute();
  std::string dir = outPath.toString();
  prepareFolder(dir);

  Settings sample = Settings::load(samplesConfig, {});
  std::string registrations = sample.resolvePath(sample.list("registrations.files").at(0));
  SystemClock clock;
  sandbox::Rehearsal rehearsal(sample, clock, 0, source == "raceresult" ? registrations : "",
                               line.seed);
  rehearsal.start();

  Poco::AutoPtr<Poco::Util::LayeredConfiguration> layered =
      demoConfiguration(samplesConfig, dir, source, rehearsal);
  Settings settings(layered, sandbox::Rehearsal::credentials(), samplesConfig, data.templates());

  out << "demo: " << source << " registrations from " << registrations << "\n"
      << "demo: simulated RACEMAP, RaceRanger and RACE RESULT at " << rehearsal.baseUrl() << "\n";
  StateStore store(settings.statePath(), settings.fileModes());
  ConsoleProgress progress(out, terminal, terminal, ConsoleProgress::Verbosity::kNormal);
  PocoHttpTransport http(&progress);
  Pipeline pipeline(settings, store, http, clock, progress, realSteps());
  RunOutcome first = pipeline.run(allStepNames(), RunOptions{});
  progress.finish();
  std::string report = dir + "/report.html";
  writeReport(store, settings, first, clock.nowMs(), report);
  out << formatSummary(first, readStatus(store), athletesPerRace(store), report);

  // The nightly re-run: the same input must change nothing remote and send nothing.
  auto writes = [&] {
    return rehearsal.server().countRequests("POST", "") +
           rehearsal.server().countRequests("PUT", "");
  };
  int writesBefore = writes();
  long long mailsBefore = countFiles(dir + "/outbox");
  SilentProgress quiet;
  PocoHttpTransport quietHttp(nullptr);
  Pipeline again(settings, store, quietHttp, clock, quiet, realSteps());
  // The report stays the first run's: that is the one worth reading.
  RunOutcome second = again.run(allStepNames(), RunOptions{});
  out << "second run (as cron would do it tomorrow): exit " << second.exitCode << ", "
      << (writes() - writesBefore) << " remote writes, "
      << (countFiles(dir + "/outbox") - mailsBefore) << " new mails\n\n";
  printGuide(out, dir);
  return first.exitCode;
}

}  // namespace racesync
