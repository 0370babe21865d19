// report.html: what a race director reads after a run, on a phone as well as at a desk. An index
// page rendered with Mustache from templates/report/ (summary, problems, who has no email or no
// bib, per-race counts, the columns read), and beside it report-data/: each race's registrants,
// loaded by the page only when someone searches or picks that race, and each race as a CSV.
#pragma once

#include <cstdint>
#include <string>

#include "core/report/race_data.h"
#include "core/run/pipeline.h"

namespace racesync {

class Settings;
class StateStore;

// How many names the "no email" and "no bib" lists show on the index page; the page's filters
// find all of them.
constexpr std::size_t kMissingListLimit = 100;

struct ReportFiles {
  bool indexWritten = false;  // report.html changed and was rewritten
  int dataWritten = 0;        // files under report-data/ rewritten
  int dataRemoved = 0;        // files of races that are gone
};

// Writes the report of the store's current state and of `outcome` (the run just finished):
// report.html at `path` and report-data/ beside it, each file only when its content changed. The
// page says when it last changed, at `nowMs` in report.timezone. Throws InputError when the
// template cannot be read, ConfigurationError for an unknown report.timezone, StoreError when a
// file cannot be written.
ReportFiles writeReport(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                        std::int64_t nowMs, const std::string& path);

// out.dir/report.html: where `racesync run` leaves its report.
std::string runReportPath(const Settings& settings);
// The report at the end of `racesync run`: writeReport at runReportPath, unless the run changed
// nothing (outcome.idle) and the report of the last run that did is there, which is then left as
// it is. Returns the report's path. Throws as writeReport.
std::string reportRun(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                      std::int64_t nowMs);

// The index page's HTML for `data` (as writeRaceData returned it), saying it was updated at
// `updatedAt` (for tests; writeReport adds the content marker).
std::string renderReport(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                         const ReportData& data, const std::string& updatedAt);

}  // namespace racesync
