// Row-level problems: a bad row, a duplicate bib, an athlete RaceRanger rejected. They are data,
// stored with their place (file and line, or the registration id) and shown in status and report.
#pragma once

#include <Poco/Types.h>

#include <string>
#include <vector>

namespace racesync {

class StateStore;

struct Problem {
  std::string step;            // import | keys | links | racemap | raceranger | mail
  std::string source;          // file name, "raceresult", or "" when not from an input
  int line = 0;                // line in source, 0 when none
  std::string registrationId;  // "" when the row has none yet
  std::string code;            // duplicate_bib, missing_name, ...
  std::string message;         // "registrations.csv:12: column 'Email' is empty"
  std::string hint;            // what to do about it
};

// Replaces the problems of `step` with `problems`, in the caller's transaction if there is one.
void replaceProblems(StateStore& store, Poco::Int64 runId, const std::string& step,
                     const std::vector<Problem>& problems);
// Adds problems to `step` without removing the earlier ones of this run.
void addProblems(StateStore& store, Poco::Int64 runId, const std::string& step,
                 const std::vector<Problem>& problems);
// Every stored problem, in step order (import first), then by source and line.
std::vector<Problem> loadProblems(StateStore& store);

}  // namespace racesync
