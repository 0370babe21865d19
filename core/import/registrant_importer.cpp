#include "core/import/registrant_importer.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>

#include <algorithm>

#include "core/base/errors.h"
#include "core/base/match_key.h"
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
  // Only a language that is there counts, so that the hashes of stores written before the
  // language column existed stay as they were (no registrant is "updated" by the upgrade).
  if (!r.language.empty()) sha1.update("language=" + r.language);
  return Poco::DigestEngine::digestToHex(sha1.digest());
}

RegistrantRecord recordOf(const Registration& r) {
  RegistrantRecord record;
  record.id = r.id, record.bib = r.bib, record.firstName = r.firstName;
  record.lastName = r.lastName, record.name = r.name, record.email = r.email, record.race = r.race;
  record.gender = r.gender, record.birthDate = r.birthDate, record.ageGroup = r.ageGroup;
  record.team = r.team, record.country = r.country, record.language = r.language;
  record.source = r.source;
  record.line = r.line;
  return record;
}

LedgerPlace placeOf(const Registration& r) {
  return LedgerPlace{r.source, r.line, r.place, r.name, r.race, r.id};
}

}  // namespace

RegistrantImporter::RegistrantImporter(StateStore& store, const RegistrationNormalizer& normalizer,
                                       Poco::Int64 runId, std::string updatedAt,
                                       ImporterOptions options)
    : store_(store),
      normalizer_(normalizer),
      runId_(runId),
      now_(std::move(updatedAt)),
      options_(options),
      ledger_(std::make_unique<ImportLedger>(store)),
      registrants_(std::make_unique<RegistrantRecords>(store)),
      known_(registrants_->hashes()),
      staged_(store, "import") {}

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
    std::string aliasOf;
    if (registration.derivedId && registrants_->findAlias(registration.id, aliasOf)) {
      // A registrant matched after a corrected typo keeps its first id (see finish()).
      registration.id = aliasOf;
    }
    LedgerPlace earlier;
    if (!ledger_->markSeen(registration.id, placeOf(registration), earlier) &&
        !resolveRepeatedId(registration, earlier)) {
      continue;
    }
    if (!importable) continue;  // seen: what the store holds for this id stays, and active
    importRow(registration);
  }
  const SourceReport& sourceReport = source.report();
  sourceNames_.push_back(sourceReport.name);
  checkNotEmptied(sourceReport);
  summary_.skipped += sourceReport.skipped;
  for (const auto& problem : sourceReport.problems) addProblem(problem);
  for (const auto& alert : sourceReport.alerts) summary_.alerts.push_back(alert);
  for (const auto& warning : sourceReport.warnings) {
    summary_.warnings.push_back(warning);
    progress.warning("import: " + warning);
  }
  if (!sourceReport.complete) allComplete_ = false;
}

bool RegistrantImporter::resolveRepeatedId(Registration& registration, LedgerPlace& earlier) {
  // An order's rows that are not a registration (a T-shirt, a membership) carry no race.
  if (registration.race.empty() && !earlier.race.empty()) {
    ++summary_.skipped;
    return false;
  }
  if (!registration.race.empty() && earlier.race.empty()) {  // the registration after the T-shirt
    ledger_->updateSeen(registration.id, placeOf(registration));
    return true;
  }
  // A family on one order: another name is another person.
  if (registration.idIsOrder && lowerCollapsed(earlier.name) != lowerCollapsed(registration.name)) {
    registration.id = registration.id + "-" +
                      RegistrationNormalizer::derivedId("", registration.name, "").substr(2, 8);
    if (ledger_->markSeen(registration.id, placeOf(registration), earlier)) return true;
  }
  reportDuplicate(registration, earlier);
  return false;
}

void RegistrantImporter::reportDuplicate(const Registration& registration,
                                         const LedgerPlace& earlier) {
  addProblem(rowProblem(
      registration, "duplicate_id",
      registration.place + ": registration id '" + shortened(registration.id) + "' is also on " +
          otherPlace(earlier.source, earlier.line, earlier.place, registration.source) +
          ": this later row is not imported",
      registration.derivedId
          ? "the same person (email, name, birth date) is in the export twice: remove one row"
          : "give each registration its own id, or remove the repeated row"));
}

void RegistrantImporter::checkNotEmptied(const SourceReport& report) {
  if (report.rows > 0 || report.skipped > 0 || !report.complete || options_.allowShrink) return;
  const long long active = registrants_->countActiveFrom(report.name);
  if (active == 0) return;
  throw InputError(report.name + ": the file has no registrations, but " + std::to_string(active) +
                   " active registrant" + (active == 1 ? "" : "s") +
                   " came from it last time: nothing was changed; export the registrations "
                   "again (an export with a header alone would withdraw them all), or, if they "
                   "all withdrew, run once with --allow-shrink");
}

void RegistrantImporter::importRow(const Registration& registration) {
  LedgerPlace earlier;
  if (!registration.bib.empty() &&
      !ledger_->claimBib(registration.bib, placeOf(registration), earlier) &&
      earlier.id != registration.id) {
    addProblem(rowProblem(
        registration, "duplicate_bib",
        registration.place + ": bib '" + shortened(registration.bib) + "' is also given to " +
            earlier.name + " (" +
            otherPlace(earlier.source, earlier.line, earlier.place, registration.source) + ")",
        "give each person their own bib: both are imported, the timing needs one each"));
  }

  RegistrantRecord record = recordOf(registration);
  const auto found = known_.find(registration.id);
  const RegistrantHash* known = found == known_.end() ? nullptr : &found->second;
  // A value this row could not give (a bad date, a bad address) keeps what an earlier import
  // stored: a bad row never damages good data. Only such a row reads the stored values.
  const auto& invalid = registration.invalid;
  StoredRegistrant stored;
  if (known &&
      (invalid.test(static_cast<std::size_t>(Field::kBirthDate)) ||
       invalid.test(static_cast<std::size_t>(Field::kEmail)) ||
       invalid.test(static_cast<std::size_t>(Field::kGender))) &&
      registrants_->find(registration.id, stored)) {
    if (invalid.test(static_cast<std::size_t>(Field::kBirthDate))) {
      record.birthDate = stored.birthDate;
    }
    if (invalid.test(static_cast<std::size_t>(Field::kEmail))) record.email = stored.email;
    if (invalid.test(static_cast<std::size_t>(Field::kGender))) record.gender = stored.gender;
  }
  record.importHash = importHash(record);
  storeRow(record, known, registration.place);
}

void RegistrantImporter::storeRow(const RegistrantRecord& record, const RegistrantHash* known,
                                  const std::string& place) {
  const bool active = known && known->status == RegistrantStatus::kActive;
  if (known && active && record.importHash == known->importHash) {
    ++summary_.unchanged;  // no SQL: the hash says it all
    return;
  }
  std::string label = record.name + " (" + place + ")";
  summary_.changedIds.push_back(record.id);
  if (!known) {
    registrants_->insert(record, runId_, now_);
    ledger_->markAdded(record.id);
    known_.emplace(record.id, RegistrantHash{record.importHash, RegistrantStatus::kActive});
    ++summary_.added;
    example(summary_.addedExamples, label);
    return;
  }
  registrants_->update(record, runId_, now_);
  ++summary_.updated;
  if (!active) {
    ++summary_.returned;
    label += ", back after being withdrawn";
  }
  example(summary_.updatedExamples, label);
}

ImportSummary RegistrantImporter::finish() {
  matchCorrectedRegistrants();
  // --allow-shrink: an export without rows withdraws everyone (they really all withdrew).
  summary_.withdrawalsChecked = allComplete_ && (summary_.read > 0 || options_.allowShrink);
  if (!summary_.withdrawalsChecked) {
    summary_.warnings.push_back(
        allComplete_ ? "no registrations were read: nobody is marked as withdrawn"
                     : "a source was not read completely: nobody is marked as withdrawn");
  } else {
    for (const auto& [name, place] : registrants_->unseenActive(static_cast<int>(kExamples))) {
      summary_.withdrawnExamples.push_back(name + " (last seen at " + place + ")");
    }
    guardAgainstShrinking(registrants_->countUnseenActive());
    summary_.withdrawn = registrants_->withdrawUnseen(runId_, now_, &summary_.changedIds);
  }
  flushProblems();
  staged_.commit(runId_);
  return summary_;
}

void RegistrantImporter::guardAgainstShrinking(long long toWithdraw) {
  if (toWithdraw == 0 || options_.allowShrink) return;
  const long long active = registrants_->countActiveNotAdded();
  if (toWithdraw * 100 <= active * options_.maxWithdrawPercent) return;
  std::string files = Poco::cat(std::string(", "), sourceNames_.begin(), sourceNames_.end());
  throw InputError(files + ": this import would withdraw " + std::to_string(toWithdraw) + " of " +
                   std::to_string(active) + " registrants (" +
                   std::to_string(toWithdraw * 100 / active) +
                   " %), more than registrations.max_withdraw_percent (" +
                   std::to_string(options_.maxWithdrawPercent) +
                   " %): nothing was changed; check that the export is complete, or, if they "
                   "really withdrew, run once with --allow-shrink");
}

// Registrants without an id column carry a hash of email, name and birth date: a corrected typo
// makes a new hash. The old registrant that disappeared and the new one that appeared are one
// person when exactly one of each shares a bib, or an email and a birth date.
void RegistrantImporter::matchCorrectedRegistrants() {
  const auto pairs = registrants_->correctionCandidates();
  auto count = [&](const std::string& id, bool added) {
    return std::count_if(pairs.begin(), pairs.end(), [&](const auto& pair) {
      return (added ? pair.first : pair.second) == id;
    });
  };
  for (const auto& [newId, oldId] : pairs) {
    if (count(newId, true) != 1 || count(oldId, false) != 1) continue;  // not one to one
    if (summary_.matchedExamples.size() < kExamples) {
      summary_.matchedExamples.push_back(describeMatch(oldId, newId));
    }
    registrants_->mergeCorrected(oldId, newId, runId_, now_);
    // The new id is gone (an alias now): the old one carries the change.
    std::replace(summary_.changedIds.begin(), summary_.changedIds.end(), newId, oldId);
    --summary_.added;
    ++summary_.updated;
    ++summary_.matched;
  }
}

std::string RegistrantImporter::describeMatch(const std::string& oldId,
                                              const std::string& newId) const {
  RegistrantRecord before, after;
  registrants_->values(oldId, before);
  registrants_->values(newId, after);
  const std::pair<const char*, std::string RegistrantRecord::*> kColumns[] = {
      {"bib", &RegistrantRecord::bib},
      {"first_name", &RegistrantRecord::firstName},
      {"last_name", &RegistrantRecord::lastName},
      {"name", &RegistrantRecord::name},
      {"email", &RegistrantRecord::email},
      {"race", &RegistrantRecord::race},
      {"gender", &RegistrantRecord::gender},
      {"birth_date", &RegistrantRecord::birthDate},
      {"age_group", &RegistrantRecord::ageGroup},
      {"team", &RegistrantRecord::team},
      {"country", &RegistrantRecord::country}};
  std::string changes;
  for (const auto& [column, member] : kColumns) {
    if (before.*member == after.*member) continue;
    changes += std::string(changes.empty() ? "" : ", ") + column + " '" + before.*member +
               "' -> '" + after.*member + "'";
  }
  const std::string place = after.source + ":" + std::to_string(after.line);
  return "matched as the same registrant: '" + before.name + "' is now '" + after.name + "' (" +
         place + "), id " + oldId + " kept; " + (changes.empty() ? "no value changed" : changes);
}

void RegistrantImporter::addProblem(Problem problem) {
  ++summary_.problemCount;
  if (summary_.problems.size() < kKeptProblems) summary_.problems.push_back(problem);
  pending_.push_back(std::move(problem));
  if (pending_.size() >= kProblemBatch) flushProblems();
}

void RegistrantImporter::flushProblems() {
  staged_.add(pending_);
  pending_.clear();
}

}  // namespace racesync
