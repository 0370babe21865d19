#include "core/import/registrant_importer.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include "core/run/progress.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

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

}  // namespace

// The prepared statements of one import and the variables they are bound to (by reference: they
// live as long as the statements, on the heap).
struct RegistrantImporter::Statements {
  explicit Statements(Poco::Data::Session& session)
      : markSeen(session),
        findSeen(session),
        claimBib(session),
        findBib(session),
        findStored(session),
        insert(session),
        update(session) {
    markSeen << "INSERT OR IGNORE INTO temp.import_seen (id, source, line, place) "
                "VALUES (?, ?, ?, ?)",
        use(id), use(source), use(line), use(place);
    findSeen << "SELECT source, line, place FROM temp.import_seen WHERE id = ?", use(id),
        into(otherSource), into(otherLine), into(otherPlace);
    claimBib << "INSERT OR IGNORE INTO temp.import_bibs (bib, name, source, line, place) "
                "VALUES (?, ?, ?, ?, ?)",
        use(bib), use(name), use(source), use(line), use(place);
    findBib << "SELECT name, source, line, place FROM temp.import_bibs WHERE bib = ?", use(bib),
        into(otherName), into(otherSource), into(otherLine), into(otherPlace);
    findStored << "SELECT import_hash, status, birth_date, email, gender FROM registrants "
                  "WHERE id = ?",
        use(id), into(storedHash), into(storedStatus), into(storedBirthDate), into(storedEmail),
        into(storedGender);
    insert << "INSERT INTO registrants (id, bib, first_name, last_name, name, email, race, gender, "
              "birth_date, age_group, team, country, language, source, line, import_hash, status, "
              "first_run, last_run, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
        use(id), use(bib), use(firstName), use(lastName), use(name), use(email), use(race),
        use(gender), use(birthDate), use(ageGroup), use(team), use(country), use(language),
        use(source), use(line), use(hash), use(runId), use(runId), use(updatedAt);
    update << "UPDATE registrants SET bib = ?, first_name = ?, last_name = ?, name = ?, "
              "email = ?, race = ?, gender = ?, birth_date = ?, age_group = ?, team = ?, "
              "country = ?, language = ?, source = ?, line = ?, import_hash = ?, "
              "status = 'active', last_run = ?, updated_at = ? WHERE id = ?",
        use(bib), use(firstName), use(lastName), use(name), use(email), use(race), use(gender),
        use(birthDate), use(ageGroup), use(team), use(country), use(language), use(source),
        use(line), use(hash), use(runId), use(updatedAt), use(id);
  }

  void load(const Registration& r) {
    id = r.id, bib = r.bib, firstName = r.firstName, lastName = r.lastName, name = r.name;
    email = r.email, race = r.race, gender = r.gender, birthDate = r.birthDate;
    ageGroup = r.ageGroup, team = r.team, country = r.country, language = r.language;
    source = r.source, line = r.line, place = r.place;
  }

  // What the store compares to know whether a row changed: every value, not where it came from
  // (a row that moved down a line is unchanged).
  void computeHash() {
    Poco::SHA1Engine sha1;
    for (const std::string* value : {&bib, &firstName, &lastName, &name, &email, &race, &gender,
                                     &birthDate, &ageGroup, &team, &country}) {
      sha1.update(*value);
      sha1.update('\x1f');
    }
    // Only a language that is there counts, so that the hashes of stores written before the
    // language column existed stay as they were (no registrant is "updated" by the upgrade).
    if (!language.empty()) sha1.update("language=" + language);
    hash = Poco::DigestEngine::digestToHex(sha1.digest());
  }

  std::string id, bib, firstName, lastName, name, email, race, gender, birthDate, ageGroup, team,
      country, language, source, place, hash, updatedAt;
  int line = 0;
  Poco::Int64 runId = 0;
  std::string otherSource, otherPlace, otherName;
  int otherLine = 0;
  std::string storedHash, storedStatus, storedBirthDate, storedEmail, storedGender;
  Poco::Data::Statement markSeen, findSeen, claimBib, findBib, findStored, insert, update;
};

RegistrantImporter::RegistrantImporter(StateStore& store, const RegistrationNormalizer& normalizer,
                                       Poco::Int64 runId, std::string updatedAt)
    : store_(store), normalizer_(normalizer), runId_(runId), now_(std::move(updatedAt)) {
  auto& session = store_.session();
  // The ids and bibs of this import live in temporary tables, not in memory: an export of any
  // length is checked for duplicates with a flat memory footprint.
  session << "CREATE TEMP TABLE IF NOT EXISTS import_seen (id TEXT PRIMARY KEY, "
             "source TEXT NOT NULL, line INTEGER NOT NULL, place TEXT NOT NULL)",
      now;
  session << "CREATE TEMP TABLE IF NOT EXISTS import_bibs (bib TEXT PRIMARY KEY, "
             "name TEXT NOT NULL, source TEXT NOT NULL, line INTEGER NOT NULL, "
             "place TEXT NOT NULL)",
      now;
  session << "DELETE FROM temp.import_seen", now;
  session << "DELETE FROM temp.import_bibs", now;
  replaceProblems(store_, runId_, "import", {});  // this import's problems replace the last's
  statements_ = std::make_unique<Statements>(session);
  statements_->runId = runId_;
  statements_->updatedAt = now_;
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
    Statements& s = *statements_;
    s.load(registration);
    if (s.markSeen.execute() == 0) {
      s.findSeen.execute();
      addProblem(rowProblem(
          registration, "duplicate_id",
          registration.place + ": registration id '" + shortened(registration.id) +
              "' is also on " +
              otherPlace(s.otherSource, s.otherLine, s.otherPlace, registration.source) +
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
  Statements& s = *statements_;
  if (!s.bib.empty() && s.claimBib.execute() == 0) {
    s.findBib.execute();
    addProblem(rowProblem(
        registration, "duplicate_bib",
        registration.place + ": bib '" + shortened(s.bib) + "' is also given to " + s.otherName +
            " (" + otherPlace(s.otherSource, s.otherLine, s.otherPlace, registration.source) + ")",
        "give each person their own bib: both are imported, the timing needs one each"));
  }

  s.storedHash.clear();
  s.storedStatus.clear();
  bool stored = s.findStored.execute() > 0;
  if (stored) {
    // A value this row could not give (a bad date, a bad address) keeps what an earlier
    // import stored: a bad row never damages good data.
    if (registration.invalid.test(static_cast<std::size_t>(Field::kBirthDate))) {
      s.birthDate = s.storedBirthDate;
    }
    if (registration.invalid.test(static_cast<std::size_t>(Field::kEmail))) {
      s.email = s.storedEmail;
    }
    if (registration.invalid.test(static_cast<std::size_t>(Field::kGender))) {
      s.gender = s.storedGender;
    }
  }
  s.computeHash();
  std::string label = s.name + " (" + registration.place + ")";
  if (!stored) {
    s.insert.execute();
    ++summary_.added;
    example(summary_.addedExamples, label);
  } else if (s.hash != s.storedHash || s.storedStatus != "active") {
    s.update.execute();
    ++summary_.updated;
    if (s.storedStatus != "active") {
      ++summary_.returned;
      label += ", back after being withdrawn";
    }
    example(summary_.updatedExamples, label);
  } else {
    ++summary_.unchanged;
  }
}

ImportSummary RegistrantImporter::finish() {
  auto& session = store_.session();
  summary_.withdrawalsChecked = allComplete_ && summary_.read > 0;
  if (!summary_.withdrawalsChecked) {
    summary_.warnings.push_back(
        allComplete_ ? "no registrations were read: nobody is marked as withdrawn"
                     : "a source was not read completely: nobody is marked as withdrawn");
  } else {
    std::vector<std::string> names, places;
    session << "SELECT name, source || ':' || line FROM registrants WHERE status = 'active' "
               "AND id NOT IN (SELECT id FROM temp.import_seen) ORDER BY source, line LIMIT 10",
        into(names), into(places), now;
    for (std::size_t i = 0; i < names.size(); ++i) {
      summary_.withdrawnExamples.push_back(names[i] + " (last seen at " + places[i] + ")");
    }
    Poco::Int64 runId = runId_;
    std::string updatedAt = now_;
    Poco::Data::Statement withdraw(session);
    withdraw << "UPDATE registrants SET status = 'withdrawn', last_run = ?, updated_at = ? "
                "WHERE status = 'active' AND id NOT IN (SELECT id FROM temp.import_seen)",
        use(runId), use(updatedAt);
    summary_.withdrawn = static_cast<long long>(withdraw.execute());
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
