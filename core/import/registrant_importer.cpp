#include "core/import/registrant_importer.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>

#include <algorithm>

#include "core/base/errors.h"
#include "core/base/match_key.h"
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
        markAdded(session),
        updateSeen(session),
        claimBib(session),
        findBib(session),
        findAlias(session),
        findStored(session),
        insert(session),
        update(session) {
    markSeen << "INSERT OR IGNORE INTO temp.import_seen (id, source, line, place, race, name) "
                "VALUES (?, ?, ?, ?, ?, ?)",
        use(id), use(source), use(line), use(place), use(race), use(name);
    findSeen << "SELECT source, line, place, race, name FROM temp.import_seen WHERE id = ?",
        use(id), into(otherSource), into(otherLine), into(otherPlace), into(otherRace),
        into(otherName);
    markAdded << "INSERT OR IGNORE INTO temp.import_added (id) VALUES (?)", use(id);
    updateSeen << "UPDATE temp.import_seen SET source = ?, line = ?, place = ?, race = ?, "
                  "name = ? WHERE id = ?",
        use(source), use(line), use(place), use(race), use(name), use(id);
    claimBib << "INSERT OR IGNORE INTO temp.import_bibs (bib, id, name, source, line, place) "
                "VALUES (?, ?, ?, ?, ?, ?)",
        use(bib), use(id), use(name), use(source), use(line), use(place);
    findBib << "SELECT id, name, source, line, place FROM temp.import_bibs WHERE bib = ?", use(bib),
        into(otherId), into(otherName), into(otherSource), into(otherLine), into(otherPlace);
    findAlias << "SELECT id FROM id_aliases WHERE alias = ?", use(id), into(aliasOf);
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
  std::string otherSource, otherPlace, otherName, otherRace, otherId, aliasOf;
  int otherLine = 0;
  std::string storedHash, storedStatus, storedBirthDate, storedEmail, storedGender;
  Poco::Data::Statement markSeen, findSeen, markAdded, updateSeen, claimBib, findBib, findAlias,
      findStored, insert, update;
};

RegistrantImporter::RegistrantImporter(StateStore& store, const RegistrationNormalizer& normalizer,
                                       Poco::Int64 runId, std::string updatedAt,
                                       ImporterOptions options)
    : store_(store),
      normalizer_(normalizer),
      runId_(runId),
      now_(std::move(updatedAt)),
      options_(options) {
  auto& session = store_.session();
  // The ids and bibs of this import live in temporary tables, not in memory: an export of any
  // length is checked for duplicates with a flat memory footprint.
  session << "CREATE TEMP TABLE IF NOT EXISTS import_seen (id TEXT PRIMARY KEY, "
             "source TEXT NOT NULL, line INTEGER NOT NULL, place TEXT NOT NULL, "
             "race TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '')",
      now;
  session << "CREATE TEMP TABLE IF NOT EXISTS import_added (id TEXT PRIMARY KEY)", now;
  session << "CREATE TEMP TABLE IF NOT EXISTS import_bibs (bib TEXT PRIMARY KEY, id TEXT, "
             "name TEXT NOT NULL, source TEXT NOT NULL, line INTEGER NOT NULL, "
             "place TEXT NOT NULL)",
      now;
  session << "DELETE FROM temp.import_seen", now;
  session << "DELETE FROM temp.import_bibs", now;
  session << "DELETE FROM temp.import_added", now;
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
    if (registration.derivedId && s.findAlias.execute() > 0) {
      // A registrant matched after a corrected typo keeps its first id (see finish()).
      registration.id = s.aliasOf;
      s.id = s.aliasOf;
    }
    if (s.markSeen.execute() == 0 && !resolveRepeatedId(registration)) continue;
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

bool RegistrantImporter::resolveRepeatedId(Registration& registration) {
  Statements& s = *statements_;
  s.findSeen.execute();
  // An order's rows that are not a registration (a T-shirt, a membership) carry no race.
  if (s.race.empty() && !s.otherRace.empty()) {
    ++summary_.skipped;
    return false;
  }
  if (!s.race.empty() && s.otherRace.empty()) {  // the registration after the T-shirt
    s.updateSeen.execute();
    return true;
  }
  // A family on one order: another name is another person.
  if (registration.idIsOrder && lowerCollapsed(s.otherName) != lowerCollapsed(registration.name)) {
    registration.id = registration.id + "-" +
                      RegistrationNormalizer::derivedId("", registration.name, "").substr(2, 8);
    s.load(registration);
    if (s.markSeen.execute() > 0) return true;
    s.findSeen.execute();
  }
  reportDuplicate(registration);
  return false;
}

void RegistrantImporter::reportDuplicate(const Registration& registration) {
  Statements& s = *statements_;
  addProblem(rowProblem(
      registration, "duplicate_id",
      registration.place + ": registration id '" + shortened(registration.id) + "' is also on " +
          otherPlace(s.otherSource, s.otherLine, s.otherPlace, registration.source) +
          ": this later row is not imported",
      registration.derivedId
          ? "the same person (email, name, birth date) is in the export twice: remove one row"
          : "give each registration its own id, or remove the repeated row"));
}

void RegistrantImporter::checkNotEmptied(const SourceReport& report) {
  if (report.rows > 0 || report.skipped > 0 || !report.complete || options_.allowShrink) return;
  Poco::Int64 active = 0;
  std::string source = report.name;
  store_.session() << "SELECT count(*) FROM registrants WHERE status = 'active' AND source = ?",
      use(source), into(active), now;
  if (active == 0) return;
  throw InputError(report.name + ": the file has no registrations, but " + std::to_string(active) +
                   " active registrant" + (active == 1 ? "" : "s") +
                   " came from it last time: nothing was changed; export the registrations "
                   "again (an export with a header alone would withdraw them all), or, if they "
                   "all withdrew, run once with --allow-shrink");
}

void RegistrantImporter::importRow(const Registration& registration) {
  Statements& s = *statements_;
  if (!s.bib.empty() && s.claimBib.execute() == 0 && s.findBib.execute() > 0 && s.otherId != s.id) {
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
    s.markAdded.execute();
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
  matchCorrectedRegistrants();
  // --allow-shrink: an export without rows withdraws everyone (they really all withdrew).
  summary_.withdrawalsChecked = allComplete_ && (summary_.read > 0 || options_.allowShrink);
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
    Poco::Int64 toWithdraw = 0;
    session << "SELECT count(*) FROM registrants WHERE status = 'active' "
               "AND id NOT IN (SELECT id FROM temp.import_seen)",
        into(toWithdraw), now;
    guardAgainstShrinking(toWithdraw);
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

void RegistrantImporter::guardAgainstShrinking(long long toWithdraw) {
  Poco::Int64 active = 0;
  store_.session() << "SELECT count(*) FROM registrants WHERE status = 'active' "
                      "AND id NOT IN (SELECT id FROM temp.import_added)",
      into(active), now;
  if (toWithdraw == 0 || options_.allowShrink ||
      toWithdraw * 100 <= active * options_.maxWithdrawPercent) {
    return;
  }
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
  auto& session = store_.session();
  std::vector<std::string> added, gone;
  session << "SELECT n.id, o.id FROM registrants n JOIN registrants o "
             "ON o.id <> n.id AND o.status = 'active' AND o.id LIKE 'h-%' "
             "AND o.id NOT IN (SELECT id FROM temp.import_seen) "
             "AND ((n.bib <> '' AND o.bib = n.bib) OR (n.email <> '' AND n.birth_date <> '' "
             "AND lower(o.email) = lower(n.email) AND o.birth_date = n.birth_date)) "
             "WHERE n.id IN (SELECT id FROM temp.import_added) AND n.id LIKE 'h-%'",
      into(added), into(gone), now;
  auto count = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::count(ids.begin(), ids.end(), id);
  };
  for (std::size_t i = 0; i < added.size(); ++i) {
    if (count(added, added[i]) != 1 || count(gone, gone[i]) != 1) continue;  // not one to one
    std::string newId = added[i], oldId = gone[i];
    if (summary_.matchedExamples.size() < kExamples) {
      summary_.matchedExamples.push_back(describeMatch(oldId, newId));
    }
    session
        << "UPDATE registrants SET (bib, first_name, last_name, name, email, race, gender, "
           "birth_date, age_group, team, country, source, line, import_hash) = "
           "(SELECT bib, first_name, last_name, name, email, race, gender, birth_date, "
           "age_group, team, country, source, line, import_hash FROM registrants WHERE id = ?), "
           "last_run = ?, updated_at = ? WHERE id = ?",
        use(newId), use(runId_), use(now_), use(oldId), now;
    session << "DELETE FROM registrants WHERE id = ?", use(newId), now;
    session << "INSERT OR REPLACE INTO id_aliases (alias, id) VALUES (?, ?)", use(newId),
        use(oldId), now;
    session << "INSERT OR IGNORE INTO temp.import_seen (id, source, line, place) "
               "SELECT ?, source, line, place FROM temp.import_seen WHERE id = ?",
        use(oldId), use(newId), now;
    --summary_.added;
    ++summary_.updated;
    ++summary_.matched;
  }
}

std::string RegistrantImporter::describeMatch(const std::string& oldId,
                                              const std::string& newId) const {
  auto& session = store_.session();
  std::string oldName, newName, place, changes;
  std::string oldKey = oldId, newKey = newId;
  session << "SELECT name FROM registrants WHERE id = ?", use(oldKey), into(oldName), now;
  session << "SELECT name, source || ':' || line FROM registrants WHERE id = ?", use(newKey),
      into(newName), into(place), now;
  // Column names are constants of this file, never input: safe to put into the SQL.
  for (const char* column : {"bib", "first_name", "last_name", "name", "email", "race", "gender",
                             "birth_date", "age_group", "team", "country"}) {
    std::string before, after;
    session << std::string("SELECT o.") + column + ", n." + column +
                   " FROM registrants o, registrants n WHERE o.id = ? AND n.id = ?",
        use(oldKey), use(newKey), into(before), into(after), now;
    if (before == after) continue;
    changes +=
        std::string(changes.empty() ? "" : ", ") + column + " '" + before + "' -> '" + after + "'";
  }
  return "matched as the same registrant: '" + oldName + "' is now '" + newName + "' (" + place +
         "), id " + oldId + " kept; " + (changes.empty() ? "no value changed" : changes);
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
