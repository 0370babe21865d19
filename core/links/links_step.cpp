#include "core/links/links_step.h"

#include <Poco/Data/Session.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <cstdio>
#include <set>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/links/qr_batch.h"
#include "core/links/qr_file_namer.h"
#include "core/links/redeem_link.h"
#include "core/links/registrant_links.h"
#include "core/run/progress.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

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

// A registrant whose link (or QR file) changes in this run.
struct Change {
  size_t index;
  std::string link;
  std::string oldFile;  // to remove once the new one is written ("" when none)
};

// A dry run on a scratch store (RunOptions::scratchStore) stores the links it would write, without
// any QR file, so that later steps (raceresult, mail) plan with them.
void storeScratchLinks(StateStore& store, const std::vector<RegistrantLink>& registrants,
                       const std::vector<Change>& changes, const std::vector<std::string>& file,
                       const std::vector<size_t>& removals) {
  store.transact([&] {
    for (const auto& change : changes) {
      std::string id = registrants[change.index].id, key = registrants[change.index].key;
      std::string link = change.link, qrFile = file[change.index];
      store.session() << "INSERT OR REPLACE INTO links (registration_id, key, link, qr_file, "
                         "qr_link, updated_at) VALUES (?, ?, ?, ?, '', '')",
          use(id), use(key), use(link), use(qrFile), now;
    }
    for (size_t i : removals) {
      std::string id = registrants[i].id;
      store.session() << "DELETE FROM links WHERE registration_id = ?", use(id), now;
    }
  });
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
  const long long leftovers = cleanLeftovers(settings.outDir(), context.options.dryRun);
  const std::string base = settings.text("racemap.link_base");
  const QrOptions qr = qrOptionsFrom(settings);
  const int threads = static_cast<int>(settings.integer("qr.threads"));
  const std::string outDir = settings.outDir();

  std::vector<RegistrantLink> registrants = loadRegistrantLinks(context.store);
  context.progress.stepStarted(name(), static_cast<long long>(registrants.size()));

  // Names that stay: every stored file that still fits its registrant, so that a new collision
  // never renames an existing file.
  QrFileNamer namer;
  std::vector<std::string> file(registrants.size());
  for (size_t i = 0; i < registrants.size(); ++i) {
    const RegistrantLink& r = registrants[i];
    if (!r.key.empty() && !r.qrFile.empty() && QrFileNamer::fits(r.qrFile, r.id, r.bib)) {
      file[i] = r.qrFile;
      namer.reserve(r.qrFile);
    }
  }

  std::vector<Change> changes;
  std::vector<QrJob> jobs;
  std::vector<size_t> removals;  // registrants whose key was released: link and file go
  long long unchanged = 0;
  for (size_t i = 0; i < registrants.size(); ++i) {
    const RegistrantLink& r = registrants[i];
    if (r.key.empty()) {
      if (!r.link.empty() || !r.qrFile.empty()) removals.push_back(i);
      continue;
    }
    if (file[i].empty()) file[i] = namer.allocate(r.id, r.bib);
    const std::string link = redeemLink(base, r.key, r.bib, r.name);
    const bool current = link == r.link && link == r.qrLink && file[i] == r.qrFile &&
                         fileExists(outDir + "/" + file[i]);
    if (current) {
      ++unchanged;
      continue;
    }
    changes.push_back(Change{i, link, r.qrFile != file[i] ? r.qrFile : ""});
    jobs.push_back(QrJob{link, outDir + "/" + file[i]});
  }

  StepResult result;
  if (context.options.dryRun) {
    if (context.options.scratchStore) {
      storeScratchLinks(context.store, registrants, changes, file, removals);
    }
    if (!jobs.empty()) {
      context.plan.add(
          name(), "write " + std::to_string(jobs.size()) + " QR codes under " + outDir + "/qr");
    }
    if (!removals.empty()) {
      context.plan.add(name(), "remove the links of " + std::to_string(removals.size()) +
                                   " registrants whose key was released");
    }
    result.count("qr_to_write", static_cast<long long>(jobs.size()));
    result.count("links_unchanged", unchanged);
    result.count("leftovers_to_remove", leftovers);
    context.progress.stepFinished(name(), std::to_string(jobs.size()) + " QR codes to write");
    return result;
  }

  // qr/ is racesync's own: a folder an older racesync left world-readable is closed too.
  const FileModes modes = settings.fileModes();
  if (!jobs.empty()) createFolders(outDir + "/qr", modes);
  applyMode(outDir + "/qr", modes, true);
  const std::vector<QrJobResult> rendered = renderQrFiles(jobs, qr, threads, modes);

  // Store writes stay on this thread, in one transaction.
  std::vector<Problem> problems;
  long long written = 0;
  std::string at = isoUtc(context.clock.nowMs());
  context.store.transact([&] {
    for (size_t j = 0; j < changes.size(); ++j) {
      const RegistrantLink& r = registrants[changes[j].index];
      std::string id = r.id;
      std::string key = r.key;
      std::string link = changes[j].link;
      std::string qrFile = file[changes[j].index];
      std::string qrLink = rendered[j].written ? link : "";
      if (rendered[j].written) {
        ++written;
      } else {
        problems.push_back(
            Problem{"links", "", 0, r.id, "qr_failed",
                    "registrant " + r.id + ": QR code not written: " + rendered[j].error,
                    "fix the cause and run again"});
      }
      context.store.session()
          << "INSERT OR REPLACE INTO links (registration_id, key, link, qr_file, qr_link, "
             "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
          use(id), use(key), use(link), use(qrFile), use(qrLink), use(at), now;
    }
    for (size_t i : removals) {
      std::string id = registrants[i].id;
      context.store.session() << "DELETE FROM links WHERE registration_id = ?", use(id), now;
    }
    replaceProblems(context.store, context.runId, "links", problems);
  });
  // Old files go only after the store no longer points at them, and never when another
  // registrant's code now lives under that name (two bibs swapped).
  std::set<std::string> inUse(file.begin(), file.end());
  auto removeStale = [&](const std::string& stale) {
    if (!stale.empty() && inUse.count(stale) == 0) std::remove((outDir + "/" + stale).c_str());
  };
  for (size_t j = 0; j < changes.size(); ++j) {
    if (rendered[j].written) removeStale(changes[j].oldFile);
  }
  for (size_t i : removals) removeStale(registrants[i].qrFile);

  result.count("qr_written", written);
  result.count("links_unchanged", unchanged);
  result.count("leftovers_removed", leftovers);
  result.count("links_removed", static_cast<long long>(removals.size()));
  result.count("qr_failed", static_cast<long long>(problems.size()));
  context.progress.stepFinished(name(), std::to_string(written) + " QR codes written, " +
                                            std::to_string(unchanged) + " unchanged");
  return result;
}

}  // namespace racesync
