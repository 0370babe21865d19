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

// Replaces the problems of `step` with `problems`, in the caller's transaction if there is one;
// leaves the table alone (the rows, their run ids) when they are the same problems in the same
// order. Returns whether it wrote.
bool replaceProblems(StateStore& store, Poco::Int64 runId, const std::string& step,
                     const std::vector<Problem>& problems);
// Adds problems to `step` without removing the earlier ones of this run.
void addProblems(StateStore& store, Poco::Int64 runId, const std::string& step,
                 const std::vector<Problem>& problems);
// The problems of one step that come in batches (a long export's): gathered in a temporary
// table, so that memory holds a batch, then put in place of the step's stored ones by commit(),
// only when they differ. Writes join the caller's transaction.
class StagedProblems {
 public:
  // Creates (or empties) the temporary table for `step`'s problems.
  StagedProblems(StateStore& store, std::string step);
  void add(const std::vector<Problem>& problems);
  // Replaces the stored problems of the step with the staged ones, recorded under `runId`,
  // unless they are the same (same rows in the same order). Returns whether it wrote.
  bool commit(Poco::Int64 runId);

 private:
  StateStore& store_;
  std::string step_;
  long long added_ = 0;
};

// Every stored problem, in step order (import first), then by source and line.
std::vector<Problem> loadProblems(StateStore& store);

}  // namespace racesync
