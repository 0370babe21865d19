#include "core/store/registrant_records.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "core/store/state_store.h"
#include "core/store/stored_enum.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

namespace {

const RegistrantStatus kStatuses[] = {RegistrantStatus::kActive, RegistrantStatus::kWithdrawn};

}  // namespace

const char* toString(RegistrantStatus status) {
  return status == RegistrantStatus::kActive ? "active" : "withdrawn";
}

RegistrantStatus parseRegistrantStatus(const std::string& text) {
  return parseStoredValue(kStatuses, text, "registrants.status");
}

// The prepared statements and the variables they are bound to (by reference: they live as long
// as the statements, on the heap).
struct RegistrantRecords::Statements {
  explicit Statements(StateStore& store)
      : find(store.sql("SELECT import_hash, status, birth_date, email, gender FROM registrants "
                       "WHERE id = ?")),
        findAlias(store.sql("SELECT id FROM id_aliases WHERE alias = ?")),
        insert(store.sql(
            "INSERT INTO registrants (id, bib, first_name, last_name, name, email, race, gender, "
            "birth_date, age_group, team, country, language, source, line, import_hash, status, "
            "first_run, last_run, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        update(store.sql(
            "UPDATE registrants SET bib = ?, first_name = ?, last_name = ?, name = ?, "
            "email = ?, race = ?, gender = ?, birth_date = ?, age_group = ?, team = ?, "
            "country = ?, language = ?, source = ?, line = ?, import_hash = ?, status = ?, "
            "last_run = ?, updated_at = ? WHERE id = ?")) {
    findAlias, use(r.id), into(aliasOf);
    find, use(r.id), into(stored.importHash), into(storedStatus), into(stored.birthDate),
        into(stored.email), into(stored.gender);
    insert, use(r.id), use(r.bib), use(r.firstName), use(r.lastName), use(r.name), use(r.email),
        use(r.race), use(r.gender), use(r.birthDate), use(r.ageGroup), use(r.team), use(r.country),
        use(r.language), use(r.source), use(r.line), use(r.importHash), use(active), use(runId),
        use(runId), use(updatedAt);
    update, use(r.bib), use(r.firstName), use(r.lastName), use(r.name), use(r.email), use(r.race),
        use(r.gender), use(r.birthDate), use(r.ageGroup), use(r.team), use(r.country),
        use(r.language), use(r.source), use(r.line), use(r.importHash), use(active), use(runId),
        use(updatedAt), use(r.id);
  }

  RegistrantRecord r;
  StoredRegistrant stored;
  std::string storedStatus;
  std::string aliasOf;
  std::string active = toString(RegistrantStatus::kActive);
  Poco::Int64 runId = 0;
  std::string updatedAt;
  Poco::Data::Statement find, findAlias, insert, update;
};

RegistrantRecords::RegistrantRecords(StateStore& store)
    : store_(store), statements_(std::make_unique<Statements>(store)) {}

RegistrantRecords::~RegistrantRecords() = default;

bool RegistrantRecords::find(const std::string& id, StoredRegistrant& out) {
  Statements& s = *statements_;
  s.r.id = id;
  s.stored = StoredRegistrant{};
  s.storedStatus.clear();
  if (s.find.execute() == 0) return false;
  s.stored.status = parseRegistrantStatus(s.storedStatus);
  out = s.stored;
  return true;
}

void RegistrantRecords::insert(const RegistrantRecord& record, Poco::Int64 runId,
                               const std::string& updatedAt) {
  Statements& s = *statements_;
  s.r = record;
  s.runId = runId;
  s.updatedAt = updatedAt;
  s.insert.execute();
}

void RegistrantRecords::update(const RegistrantRecord& record, Poco::Int64 runId,
                               const std::string& updatedAt) {
  Statements& s = *statements_;
  s.r = record;
  s.runId = runId;
  s.updatedAt = updatedAt;
  s.update.execute();
}

std::vector<std::pair<std::string, std::string>> RegistrantRecords::unseenActive(int count) {
  std::string active = toString(RegistrantStatus::kActive);
  std::vector<std::string> names, places;
  Poco::Int64 n = count;
  store_.sql(
      "SELECT name, source || ':' || line FROM registrants WHERE status = ? "
      "AND id NOT IN (SELECT id FROM import_seen) ORDER BY source, line "
      "LIMIT ?"),
      use(active), use(n), into(names), into(places), now;
  std::vector<std::pair<std::string, std::string>> result;
  for (std::size_t i = 0; i < names.size(); ++i) result.emplace_back(names[i], places[i]);
  return result;
}

long long RegistrantRecords::withdrawUnseen(Poco::Int64 runId, const std::string& updatedAt) {
  std::string active = toString(RegistrantStatus::kActive);
  std::string withdrawn = toString(RegistrantStatus::kWithdrawn);
  Poco::Int64 run = runId;
  std::string at = updatedAt;
  Poco::Data::Statement withdraw = store_.sql(
      "UPDATE registrants SET status = ?, last_run = ?, updated_at = ? "
      "WHERE status = ? AND id NOT IN (SELECT id FROM import_seen)");
  withdraw, use(withdrawn), use(run), use(at), use(active);
  return static_cast<long long>(withdraw.execute());
}

long long RegistrantRecords::countUnseenActive() {
  std::string active = toString(RegistrantStatus::kActive);
  Poco::Int64 n = 0;
  store_.sql(
      "SELECT count(*) FROM registrants WHERE status = ? "
      "AND id NOT IN (SELECT id FROM import_seen)"),
      use(active), into(n), now;
  return static_cast<long long>(n);
}

long long RegistrantRecords::countActiveNotAdded() {
  std::string active = toString(RegistrantStatus::kActive);
  Poco::Int64 n = 0;
  store_.sql(
      "SELECT count(*) FROM registrants WHERE status = ? "
      "AND id NOT IN (SELECT id FROM import_added)"),
      use(active), into(n), now;
  return static_cast<long long>(n);
}

long long RegistrantRecords::countActiveFrom(const std::string& source) {
  std::string active = toString(RegistrantStatus::kActive);
  std::string from = source;
  Poco::Int64 n = 0;
  store_.sql("SELECT count(*) FROM registrants WHERE status = ? AND source = ?"), use(active),
      use(from), into(n), now;
  return static_cast<long long>(n);
}

bool RegistrantRecords::findAlias(const std::string& alias, std::string& id) {
  Statements& s = *statements_;
  s.r.id = alias;
  if (s.findAlias.execute() == 0) return false;
  id = s.aliasOf;
  return true;
}

bool RegistrantRecords::values(const std::string& id, RegistrantRecord& out) {
  std::string key = id;
  RegistrantRecord r;
  Poco::Data::Statement select = store_.sql(
      "SELECT id, bib, first_name, last_name, name, email, race, gender, birth_date, "
      "age_group, team, country, source, line, import_hash FROM registrants "
      "WHERE id = ?");
  select, use(key), into(r.id), into(r.bib), into(r.firstName), into(r.lastName), into(r.name),
      into(r.email), into(r.race), into(r.gender), into(r.birthDate), into(r.ageGroup),
      into(r.team), into(r.country), into(r.source), into(r.line), into(r.importHash);
  if (select.execute() == 0) return false;
  out = r;
  return true;
}

std::vector<std::pair<std::string, std::string>> RegistrantRecords::correctionCandidates() {
  std::string active = toString(RegistrantStatus::kActive);
  std::vector<std::string> added, gone;
  store_.sql(
      "SELECT n.id, o.id FROM registrants n JOIN registrants o "
      "ON o.id <> n.id AND o.status = ? AND o.id LIKE 'h-%' "
      "AND o.id NOT IN (SELECT id FROM import_seen) "
      "AND ((n.bib <> '' AND o.bib = n.bib) OR (n.email <> '' AND "
      "n.birth_date <> '' AND lower(o.email) = lower(n.email) AND "
      "o.birth_date = n.birth_date)) "
      "WHERE n.id IN (SELECT id FROM import_added) AND n.id LIKE 'h-%'"),
      use(active), into(added), into(gone), now;
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i < added.size(); ++i) pairs.emplace_back(added[i], gone[i]);
  return pairs;
}

void RegistrantRecords::mergeCorrected(const std::string& oldId, const std::string& newId,
                                       Poco::Int64 runId, const std::string& updatedAt) {
  std::string oldKey = oldId, newKey = newId, at = updatedAt;
  Poco::Int64 run = runId;
  store_.sql(
      "UPDATE registrants SET (bib, first_name, last_name, name, email, race, gender, "
      "birth_date, age_group, team, country, source, line, import_hash) = "
      "(SELECT bib, first_name, last_name, name, email, race, gender, birth_date, "
      "age_group, team, country, source, line, import_hash FROM registrants WHERE id = ?), "
      "last_run = ?, updated_at = ? WHERE id = ?"),
      use(newKey), use(run), use(at), use(oldKey), now;
  store_.sql("DELETE FROM registrants WHERE id = ?"), use(newKey), now;
  store_.sql(
      "INSERT INTO id_aliases (alias, id) VALUES (?, ?) "
      "ON CONFLICT (alias) DO UPDATE SET id = excluded.id"),
      use(newKey), use(oldKey), now;
  store_.sql(
      "INSERT INTO import_seen (id, source, line, place) "
      "SELECT ?, source, line, place FROM import_seen WHERE id = ? ON CONFLICT DO NOTHING"),
      use(oldKey), use(newKey), now;
}

}  // namespace racesync
