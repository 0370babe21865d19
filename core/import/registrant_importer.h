// Applies a stream of registrations to the registrants table: new ones inserted, changed ones
// updated under the same id, unchanged ones untouched, missing ones marked withdrawn (never
// deleted), and duplicate ids and bibs reported. Works in the caller's transaction.
#pragma once

#include <Poco/Types.h>

#include <memory>
#include <string>
#include <vector>

#include "core/import/registration_normalizer.h"
#include "core/import/registration_source.h"
#include "core/store/problem_log.h"

namespace racesync {

class ImportLedger;
class Progress;
class RegistrantRecords;
class StateStore;

struct ImportSummary {
  long long read = 0;               // rows the sources handed out
  long long added = 0;              // new registrants
  long long updated = 0;            // changed registrants, and withdrawn ones that came back
  long long returned = 0;           // of updated: withdrawn ones that came back
  long long unchanged = 0;          // rows whose values match what the store holds
  long long withdrawn = 0;          // active registrants no source delivered this time
  long long skipped = 0;            // rows the sources left out (registrations.skip_when)
  bool withdrawalsChecked = false;  // false when a source was incomplete or delivered nothing
  long long problemCount = 0;       // all of them are in the store (unless this is a dry run)
  std::vector<Problem> problems;    // the first 100 of them, for the plan and the caller
  std::vector<std::string> warnings;
  // A few examples for the plan: "Anna Muster (registrations.csv:12)".
  std::vector<std::string> addedExamples;
  std::vector<std::string> updatedExamples;
  std::vector<std::string> withdrawnExamples;
};

class RegistrantImporter {
 public:
  // Borrows `store` and `normalizer`. Every write runs in the caller's transaction, which commits
  // or rolls back: a dry run rolls back. `runId` goes to first_run/last_run, `updatedAt` to
  // updated_at.
  RegistrantImporter(StateStore& store, const RegistrationNormalizer& normalizer, Poco::Int64 runId,
                     std::string now);
  ~RegistrantImporter();
  RegistrantImporter(const RegistrantImporter&) = delete;
  RegistrantImporter& operator=(const RegistrantImporter&) = delete;

  // Reads `source` to its end, one row at a time, and stores what it holds. A row whose id was
  // already seen in this import is reported (both places named) and not imported; a row that
  // cannot be imported keeps its stored registrant as it is (and active). Throws what the source
  // throws (InputError); the caller's transaction then rolls back.
  void importFrom(RegistrationSource& source, Progress& progress);

  // After the last source: marks active registrants that no source delivered as withdrawn, but
  // only when every source was complete and at least one row was read; replaces the import's
  // problems in the store. Returns what the import did.
  ImportSummary finish();

 private:
  void importRow(const Registration& registration);
  // Counts `problem` and queues it for the store, which gets them in batches: memory holds a
  // batch, not every problem of a long export.
  void addProblem(Problem problem);
  void flushProblems();

  StateStore& store_;
  const RegistrationNormalizer& normalizer_;
  Poco::Int64 runId_;
  std::string now_;
  std::unique_ptr<ImportLedger> ledger_;  // the ids and bibs met so far
  std::unique_ptr<RegistrantRecords> registrants_;
  ImportSummary summary_;
  bool allComplete_ = true;
  std::vector<Problem> rowProblems_;  // the normaliser's, for one row
  std::vector<Problem> pending_;      // not yet in the store
};

}  // namespace racesync
