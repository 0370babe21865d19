// Applies a stream of registrations to the registrants table: new ones inserted, changed ones
// updated under the same id, unchanged ones untouched, missing ones marked withdrawn (never
// deleted), and duplicate ids and bibs reported. Works in the caller's transaction.
#pragma once

#include <Poco/Types.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/import/registration_normalizer.h"
#include "core/import/registration_source.h"
#include "core/store/problem_log.h"
#include "core/store/registrant_records.h"

namespace racesync {

class ImportLedger;
struct LedgerPlace;
class Progress;
class StateStore;

struct ImportSummary {
  long long read = 0;               // rows the sources handed out
  long long added = 0;              // new registrants
  long long updated = 0;            // changed registrants, and withdrawn ones that came back
  long long returned = 0;           // of updated: withdrawn ones that came back
  long long unchanged = 0;          // rows whose values match what the store holds
  long long withdrawn = 0;          // active registrants no source delivered this time
  long long skipped = 0;            // rows the sources left out (registrations.skip_when), and
                                    // rows of an order that are not a registration (no race)
  long long matched = 0;            // of updated: registrants without an id column found again
                                    // under a corrected name (same bib, or same email and birth)
  bool withdrawalsChecked = false;  // false when a source was incomplete or delivered nothing
  long long problemCount = 0;       // all of them are in the store (unless this is a dry run)
  std::vector<Problem> problems;    // the first 100 of them, for the plan and the caller
  std::vector<std::string> warnings;
  std::vector<std::string> alerts;  // of the warnings, those shown even with -q
  // A few examples for the plan: "Anna Muster (registrations.csv:12)".
  std::vector<std::string> addedExamples;
  std::vector<std::string> updatedExamples;
  std::vector<std::string> withdrawnExamples;
  std::vector<std::string> matchedExamples;  // "matched as the same registrant: ..."
  // The registration ids this import added, changed (back from withdrawn, matched after a
  // corrected typo) or withdrew: what later steps of the run look at. Unchanged rows are not in it.
  std::vector<std::string> changedIds;
};

struct ImporterOptions {
  // registrations.max_withdraw_percent: an import that would withdraw more of the active
  // registrants than this stops (InputError) before changing anything.
  int maxWithdrawPercent = 20;
  // --allow-shrink: this import may withdraw past the guard, and from a file without rows.
  bool allowShrink = false;
};

class RegistrantImporter {
 public:
  // Borrows `store` and `normalizer`. Every write runs in the caller's transaction, which commits
  // or rolls back: a dry run rolls back. `runId` goes to first_run/last_run, `updatedAt` to
  // updated_at.
  RegistrantImporter(StateStore& store, const RegistrationNormalizer& normalizer, Poco::Int64 runId,
                     std::string now, ImporterOptions options = {});
  ~RegistrantImporter();
  RegistrantImporter(const RegistrantImporter&) = delete;
  RegistrantImporter& operator=(const RegistrantImporter&) = delete;

  // Reads `source` to its end, one row at a time, and stores what it holds. A row whose id was
  // already seen in this import is reported (both places named) and not imported, except that of
  // two rows of one id the one without a race is not a registration (a T-shirt, a donation) and is
  // skipped, and two different names under one order id are two people (the later one's id is
  // the order id and a hash of the name). A row that cannot be imported keeps its stored
  // registrant as it is (and active). Throws what the source throws (InputError), and InputError
  // when a file that delivered rows last time delivers none (a header-only export); the caller's
  // transaction then rolls back.
  void importFrom(RegistrationSource& source, Progress& progress);

  // After the last source: a registrant without an id column that disappeared and a new one with
  // the same bib (or the same email and birth date) are one person, kept under the old id. Then
  // marks active registrants that no source delivered as withdrawn, but only when every source
  // was complete and at least one row was read (or options.allowShrink); replaces the import's
  // problems in the store. Throws InputError, naming the files, when more than
  // options.maxWithdrawPercent of the active registrants would be withdrawn. Returns what the
  // import did.
  ImportSummary finish();

 private:
  void importRow(const Registration& registration);
  // Inserts, updates (or counts as unchanged) `record` against what the store holds of it
  // (`known`: its hash and status, null for a new id).
  void storeRow(const RegistrantRecord& record, const RegistrantHash* known,
                const std::string& place);
  // A row whose id was already seen: true when it is imported all the same (see importFrom).
  bool resolveRepeatedId(Registration& registration, LedgerPlace& earlier);
  void reportDuplicate(const Registration& registration, const LedgerPlace& earlier);
  void matchCorrectedRegistrants();
  // "matched as the same registrant: 'Ana' is now 'Anna' (export.csv:2), id h-.. kept; name
  // 'Ana' -> 'Anna'": every value that differs, old and new.
  std::string describeMatch(const std::string& oldId, const std::string& newId) const;
  void guardAgainstShrinking(long long toWithdraw);
  void checkNotEmptied(const SourceReport& report);
  // Counts `problem` and queues it for the store, which gets them in batches: memory holds a
  // batch, not every problem of a long export. finish() puts them in place of the last import's
  // only when they differ.
  void addProblem(Problem problem);
  void flushProblems();

  StateStore& store_;
  const RegistrationNormalizer& normalizer_;
  Poco::Int64 runId_;
  std::string now_;
  ImporterOptions options_;
  std::vector<std::string> sourceNames_;
  std::unique_ptr<ImportLedger> ledger_;  // the ids and bibs met so far
  std::unique_ptr<RegistrantRecords> registrants_;
  // Every stored registrant's hash and status, read once: an unchanged row costs no SQL.
  std::unordered_map<std::string, RegistrantHash> known_;
  StagedProblems staged_;  // this import's problems, in place of the last's only when they differ
  ImportSummary summary_;
  bool allComplete_ = true;
  std::vector<Problem> rowProblems_;  // the normaliser's, for one row
  std::vector<Problem> pending_;      // not yet in the store
};

}  // namespace racesync
