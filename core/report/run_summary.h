// The text a run ends with: what happened, what is left to look at, and where the report is; and
// the plan a dry run prints instead of acting. Both come with control characters escaped
// (terminal_text.h), ready for a terminal.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/report/status.h"
#include "core/run/pipeline.h"

namespace racesync {

// Several lines: registrants, new keys, QR codes written, athletes pushed (and per race, from
// `perRace`), mails sent, problems, failed or skipped steps with their reasons, the steps' notes,
// and `reportPath`.
std::string formatSummary(const RunOutcome& outcome, const StatusCounts& status,
                          const std::vector<std::pair<std::string, long long>>& perRace,
                          const std::string& reportPath);

// The dry run's plan, grouped by step (at most 20 lines a step unless `all`); says so when there
// is nothing to do.
std::string formatPlan(const RunOutcome& outcome, bool all);

}  // namespace racesync
