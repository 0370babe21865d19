#include "core/import/registrant_importer.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include "core/run/progress.h"
#include "core/store/import_ledger.h"
#include "core/store/registrant_records.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

constexpr std::size_t kExamples = 10;
constexpr long long kProgressEvery = 1000;
constexpr std::size_t kKeptProblems = 100;
constexpr std::size_t kProblemBatch = 500;

void example(std::vector<std::string>& examples, const std::string& text) {
  if (examples.size() < kExamples) examples.push_back(text);
}

// "line 12" within one file, "other.csv:12" across files.
std::string otherPlace(const std::string& source, int line, const std::string& place,
                       const std::string& thisSource) {
  return source == thisSource ? "line " + std::to_string(line) : place;
}

// An import problem placed at `registration`'s row.
Problem rowProblem(const Registration& registration, const std::string& code,
                   const std::string& message, const std::string& hint) {
  return Problem{"import", registration.source, registration.line, registration.id, code, message,
                 hint};
}

// What the store compares to know whether a row changed: every value, not where it came from
// (a row that moved down a line is unchanged).
std::string importHash(const RegistrantRecord& r) {
  Poco::SHA1Engine sha1;
  for (const std::string* value : {&r.bib, &r.firstName, &r.lastName, &r.name, &r.email, &r.race,
                                   &r.gender, &r.birthDate, &r.ageGroup, &r.team, &r.country}) {
    sha1.update(*value);
    sha1.update('\x1f');
  }
  return Poco::DigestEngine::digestToHex(sha1.digest());
}

RegistrantRecord recordOf(const Registration& r) {
  RegistrantRecord record;
  record.id = r.id, record.bib = r.bib, record.firstName = r.firstName;
  record.lastName = r.lastName, record.name = r.name, record.email = r.email, record.race = r.race;
  record.gender = r.gender, record.birthDate = r.birthDate, record.ageGroup = r.ageGroup;
  record.team = r.team, record.country = r.country, record.source = r.source;
  record.line = r.line;
  return record;
}

LedgerPlace placeOf(const Registration& r) {
  return LedgerPlace{r.source, r.line, r.place, r.name};
}

}  // namespace

RegistrantImporter::RegistrantImporter(StateStore& store, const RegistrationNormalizer& normalizer,
                                       Poco::Int64 runId, std::string updatedAt)
    : store_(store),
      normalizer_(normalizer),
      runId_(runId),
      now_(std::move(updatedAt)),
      ledger_(std::make_unique<ImportLedger>(store)),
      registrants_(std::make_unique<RegistrantRecords>(store)) {
  replaceProblems(store_, runId_, "import", {});  // this import's problems replace the last's
}

RegistrantImporter::~RegistrantImporter() = default;

void RegistrantImporter::importFrom(RegistrationSource& source, Progress& progress) {
  RawRegistration raw;
  Registration registration;
  long long rows = 0;
  while (source.next(raw)) {
    ++summary_.read;
    if (++rows % kProgressEvery == 0) {
      progress.advanced(source.report().name + ": " + std::to_string(rows) + " rows");
    }
    rowProblems_.clear();
    bool importable = normalizer_.normalize(raw, registration, rowProblems_);
    for (auto& problem : rowProblems_) addProblem(std::move(problem));
    if (registration.id.empty()) continue;  // no name and no id: nothing to match it with
    LedgerPlace earlier;
    if (!ledger_->markSeen(registration.id, placeOf(registration), earlier)) {
      addProblem(rowProblem(
          registration, "duplicate_id",
          registration.place + ": registration id '" + shortened(registration.id) +
              "' is also on " +
              otherPlace(earlier.source, earlier.line, earlier.place, registration.source) +
              ": this later row is not imported",
          registration.derivedId
              ? "the same person (email, name, birth date) is in the export twice: remove "
                "one row"
              : "give each registration its own id, or remove the repeated row"));
      continue;
    }
    if (!importable) continue;  // seen: what the store holds for this id stays, and active
    importRow(registration);
  }
  const SourceReport& sourceReport = source.report();
  summary_.skipped += sourceReport.skipped;
  for (const auto& problem : sourceReport.problems) addProblem(problem);
  for (const auto& warning : sourceReport.warnings) {
    summary_.warnings.push_back(warning);
    progress.warning("import: " + warning);
  }
  if (!sourceReport.complete) allComplete_ = false;
}

void RegistrantImporter::importRow(const Registration& registration) {
  LedgerPlace earlier;
  if (!registration.bib.empty() &&
      !ledger_->claimBib(registration.bib, placeOf(registration), earlier)) {
    addProblem(rowProblem(
        registration, "duplicate_bib",
        registration.place + ": bib '" + shortened(registration.bib) + "' is also given to " +
            earlier.name + " (" +
            otherPlace(earlier.source, earlier.line, earlier.place, registration.source) + ")",
        "give each person their own bib: both are imported, the timing needs one each"));
  }

  RegistrantRecord record = recordOf(registration);
  StoredRegistrant stored;
  const bool known = registrants_->find(registration.id, stored);
  if (known) {
    // A value this row could not give (a bad date, a bad address) keeps what an earlier
    // import stored: a bad row never damages good data.
    if (registration.invalid.test(static_cast<std::size_t>(Field::kBirthDate))) {
      record.birthDate = stored.birthDate;
    }
    if (registration.invalid.test(static_cast<std::size_t>(Field::kEmail))) {
      record.email = stored.email;
    }
    if (registration.invalid.test(static_cast<std::size_t>(Field::kGender))) {
      record.gender = stored.gender;
    }
  }
  record.importHash = importHash(record);
  std::string label = record.name + " (" + registration.place + ")";
  const bool active = stored.status == RegistrantStatus::kActive;
  if (!known) {
    registrants_->insert(record, runId_, now_);
    ++summary_.added;
    example(summary_.addedExamples, label);
  } else if (record.importHash != stored.importHash || !active) {
    registrants_->update(record, runId_, now_);
    ++summary_.updated;
    if (!active) {
      ++summary_.returned;
      label += ", back after being withdrawn";
    }
    example(summary_.updatedExamples, label);
  } else {
    ++summary_.unchanged;
  }
}

ImportSummary RegistrantImporter::finish() {
  summary_.withdrawalsChecked = allComplete_ && summary_.read > 0;
  if (!summary_.withdrawalsChecked) {
    summary_.warnings.push_back(
        allComplete_ ? "no registrations were read: nobody is marked as withdrawn"
                     : "a source was not read completely: nobody is marked as withdrawn");
  } else {
    for (const auto& [name, place] : registrants_->unseenActive(static_cast<int>(kExamples))) {
      summary_.withdrawnExamples.push_back(name + " (last seen at " + place + ")");
    }
    summary_.withdrawn = registrants_->withdrawUnseen(runId_, now_);
  }
  flushProblems();
  return summary_;
}

void RegistrantImporter::addProblem(Problem problem) {
  ++summary_.problemCount;
  if (summary_.problems.size() < kKeptProblems) summary_.problems.push_back(problem);
  pending_.push_back(std::move(problem));
  if (pending_.size() >= kProblemBatch) flushProblems();
}

void RegistrantImporter::flushProblems() {
  addProblems(store_, runId_, "import", pending_);
  pending_.clear();
}

}  // namespace racesync
