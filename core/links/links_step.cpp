#include "core/links/links_step.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <cstdio>
#include <set>
#include <unordered_set>

#include "core/base/clock.h"
#include "core/base/file_modes.h"
#include "core/config/settings.h"
#include "core/links/links_plan.h"
#include "core/links/qr_batch.h"
#include "core/run/progress.h"
#include "core/store/link_records.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"

namespace racesync {
namespace {

QrOptions qrOptionsFrom(const Settings& settings) {
  QrOptions options;
  options.errorCorrection =
      parseQrErrorCorrection(settings.text("qr.error_correction"), "qr.error_correction");
  options.modulePx = static_cast<int>(settings.integer("qr.module_px"));
  options.quietZone = static_cast<int>(settings.integer("qr.quiet_zone"));
  return options;
}

bool fileExists(const std::string& path) {
  try {
    return Poco::File(path).exists();
  } catch (const Poco::Exception&) {
    return false;
  }
}

// A dry run on a scratch store (RunOptions::scratchStore) stores the links it would write, without
// any QR file, so that later steps (raceresult, mail) plan with them.
void storeScratchLinks(StateStore& store, const LinksPlan& plan,
                       const std::vector<RegistrantLink>& registrants) {
  store.transact([&] {
    LinkRecords links(store);
    for (const auto& change : plan.changes) {
      const RegistrantLink& r = registrants[change.index];
      links.put(LinkRecord{r.id, r.key, change.link, change.file, "", ""});
    }
    for (std::size_t i : plan.removals) links.remove(registrants[i].id);
  });
}

// What applying a plan did.
struct LinksTally {
  long long written = 0;
  long long failed = 0;
};

// Renders the plan's QR codes, stores the links (one transaction, on this thread) and removes
// the files nobody points at any more.
LinksTally applyLinks(const LinksPlan& plan, const std::vector<RegistrantLink>& registrants,
                      const std::string& outDir, RunContext& context) {
  const Settings& settings = context.settings;
  std::vector<QrJob> jobs;
  jobs.reserve(plan.changes.size());
  for (const auto& change : plan.changes)
    jobs.push_back(QrJob{change.link, outDir + "/" + change.file});
  // qr/ is racesync's own: a folder an older racesync left world-readable is closed too.
  const FileModes modes = settings.fileModes();
  if (!jobs.empty()) createFolders(outDir + "/qr", modes);
  applyMode(outDir + "/qr", modes, true);
  const std::vector<QrJobResult> rendered = renderQrFiles(
      jobs, qrOptionsFrom(settings), static_cast<int>(settings.integer("qr.threads")), modes);

  std::vector<Problem> problems;
  LinksTally tally;
  const std::string at = isoUtc(context.clock.nowMs());
  context.store.transact([&] {
    LinkRecords links(context.store);
    for (std::size_t j = 0; j < plan.changes.size(); ++j) {
      const LinkChange& change = plan.changes[j];
      const RegistrantLink& r = registrants[change.index];
      if (rendered[j].written) {
        ++tally.written;
      } else {
        problems.push_back(
            Problem{"links", "", 0, r.id, "qr_failed",
                    "registrant " + r.id + ": QR code not written: " + rendered[j].error,
                    "fix the cause and run again"});
      }
      links.put(LinkRecord{r.id, r.key, change.link, change.file,
                           rendered[j].written ? change.link : "", at});
    }
    for (std::size_t i : plan.removals) links.remove(registrants[i].id);
    replaceProblems(context.store, context.runId, "links", problems);
  });
  tally.failed = static_cast<long long>(problems.size());
  // Old files go only after the store no longer points at them, and never when another
  // registrant's code now lives under that name (two bibs swapped).
  const std::set<std::string> inUse(plan.files.begin(), plan.files.end());
  auto removeStale = [&](const std::string& stale) {
    if (!stale.empty() && inUse.count(stale) == 0) std::remove((outDir + "/" + stale).c_str());
  };
  for (std::size_t j = 0; j < plan.changes.size(); ++j) {
    if (rendered[j].written) removeStale(plan.changes[j].oldFile);
  }
  for (std::size_t i : plan.removals) removeStale(registrants[i].qrFile);
  return tally;
}

// "x.png.tmp-123-4": a name writeFileAtomically gives its temporary files.
bool isTemporaryName(const std::string& name) {
  auto at = name.rfind(".tmp-");
  if (at == std::string::npos || at == 0) return false;
  std::string tail = name.substr(at + 5);
  auto dash = tail.find('-');
  auto digits = [](const std::string& text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  };
  return dash != std::string::npos && digits(tail.substr(0, dash)) && digits(tail.substr(dash + 1));
}

}  // namespace

std::vector<std::string> removeLeftoverTemporaryFiles(const std::string& folder) {
  std::vector<std::string> removed;
  Poco::File dir(folder);
  if (!dir.exists() || !dir.isDirectory()) return removed;
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) {
    if (!isTemporaryName(it.name()) || !it->isFile()) continue;
    if (std::remove(it->path().c_str()) == 0) removed.push_back(it.name());
  }
  return removed;
}

namespace {

// The leftovers of a killed run under out.dir/qr go first; a dry run only counts them.
long long cleanLeftovers(const std::string& outDir, bool dryRun) {
  std::string qrDir = Poco::Path(Poco::Path(outDir).makeDirectory(), "qr").toString();
  if (!dryRun) return static_cast<long long>(removeLeftoverTemporaryFiles(qrDir).size());
  long long found = 0;
  Poco::File dir(qrDir);
  if (!dir.exists()) return 0;
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) found += isTemporaryName(it.name());
  return found;
}

}  // namespace

StepResult LinksStep::run(RunContext& context) {
  const Settings& settings = context.settings;
  const std::string outDir = settings.outDir();
  const std::string base = settings.text("racemap.link_base");
  // Bad QR settings fail before anything is read.
  qrOptionsFrom(settings);
  settings.integer("qr.threads");
  const long long leftovers = cleanLeftovers(outDir, context.options.dryRun);
  const std::vector<RegistrantLink> registrants = LinkRecords(context.store).registrantLinks();
  context.progress.stepStarted(name(), static_cast<long long>(registrants.size()));
  // The QR files of registrants the import did not change are taken as the store records them:
  // only the changed ones (all of them when the import did not run) are looked for on disk.
  std::unordered_set<std::string> trusted;
  if (context.changes.known) {
    for (const auto& r : registrants) {
      if (!r.qrFile.empty() && !context.changes.mayHaveChanged(r.id)) trusted.insert(r.qrFile);
    }
  }
  const LinksPlan plan = planLinks(registrants, base, [&](const std::string& file) {
    return trusted.count(file) > 0 || fileExists(outDir + "/" + file);
  });

  StepResult result;
  if (context.options.dryRun) {
    if (context.options.scratchStore) storeScratchLinks(context.store, plan, registrants);
    for (const auto& line : describe(plan, outDir)) context.plan.add(name(), line);
    result.count("qr_to_write", static_cast<long long>(plan.changes.size()));
    result.count("links_unchanged", plan.unchanged);
    result.count("leftovers_to_remove", leftovers);
    context.progress.stepFinished(name(),
                                  std::to_string(plan.changes.size()) + " QR codes to write");
    return result;
  }
  const LinksTally tally = applyLinks(plan, registrants, outDir, context);
  result.count("qr_written", tally.written);
  result.count("links_unchanged", plan.unchanged);
  result.count("leftovers_removed", leftovers);
  result.count("links_removed", static_cast<long long>(plan.removals.size()));
  result.count("qr_failed", tally.failed);
  context.progress.stepFinished(name(), std::to_string(tally.written) + " QR codes written, " +
                                            std::to_string(plan.unchanged) + " unchanged");
  return result;
}

}  // namespace racesync
