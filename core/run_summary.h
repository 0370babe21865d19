// The text a run ends with: what happened, what is left to look at, and where the report is; and
// the plan a dry run prints instead of acting.
#pragma once

#include <string>

#include "core/pipeline.h"
#include "core/status.h"

namespace racesync {

// Several lines: the state after the run (registrants, keys, QR codes, athletes, mails,
// problems), each step's counts and notes, failures with their reasons, and `reportPath`.
std::string formatSummary(const RunOutcome& outcome, const StatusCounts& status,
                          const std::string& reportPath);

// The dry run's plan, grouped by step; says so when there is nothing to do.
std::string formatPlan(const RunOutcome& outcome);

}  // namespace racesync
