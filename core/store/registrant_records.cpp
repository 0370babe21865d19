#include "core/store/registrant_records.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "core/store/state_store.h"
#include "core/store/store_statement.h"
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

namespace {

constexpr const char* kRegistrantColumns =
    "bib, first_name, last_name, name, email, race, gender, birth_date, age_group, team, country, "
    "language, source, line, import_hash";

// Binds the imported values of `r` from placeholder `first` on, in kRegistrantColumns order;
// returns the next placeholder.
int bindValues(StoreStatement& statement, int first, const RegistrantRecord& r) {
  int at = first;
  for (const std::string* value :
       {&r.bib, &r.firstName, &r.lastName, &r.name, &r.email, &r.race, &r.gender, &r.birthDate,
        &r.ageGroup, &r.team, &r.country, &r.language, &r.source}) {
    statement.bind(at++, *value);
  }
  statement.bind(at++, static_cast<long long>(r.line));
  statement.bind(at++, r.importHash);
  return at;
}

}  // namespace

// The statements the import runs once per row, prepared once on the store's connection.
struct RegistrantRecords::Statements {
  explicit Statements(StateStore& store)
      : find(store,
             "SELECT import_hash, status, birth_date, email, gender FROM registrants WHERE id = ?"),
        findAlias(store, "SELECT id FROM id_aliases WHERE alias = ?"),
        insert(store, std::string("INSERT INTO registrants (id, ") + kRegistrantColumns +
                          ", status, first_run, last_run, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        update(store,
               "UPDATE registrants SET bib = ?, first_name = ?, last_name = ?, name = ?, "
               "email = ?, race = ?, gender = ?, birth_date = ?, age_group = ?, team = ?, "
               "country = ?, language = ?, source = ?, line = ?, import_hash = ?, status = ?, "
               "last_run = ?, updated_at = ? WHERE id = ?") {}

  StoreStatement find, findAlias, insert, update;
};

RegistrantRecords::RegistrantRecords(StateStore& store)
    : store_(store), statements_(std::make_unique<Statements>(store)) {}

RegistrantRecords::~RegistrantRecords() = default;

std::unordered_map<std::string, RegistrantHash> RegistrantRecords::hashes() {
  StoreStatement select(store_, "SELECT id, import_hash, status FROM registrants");
  std::unordered_map<std::string, RegistrantHash> result;
  std::string id, status;
  while (select.next()) {
    select.text(0, id);
    select.text(2, status);
    RegistrantHash& hash = result[id];
    select.text(1, hash.importHash);
    hash.status = parseRegistrantStatus(status);
  }
  return result;
}

bool RegistrantRecords::find(const std::string& id, StoredRegistrant& out) {
  StoreStatement& find = statements_->find;
  find.bind(1, id);
  if (!find.next()) return false;
  std::string status;
  find.text(0, out.importHash);
  find.text(1, status);
  find.text(2, out.birthDate);
  find.text(3, out.email);
  find.text(4, out.gender);
  while (find.next()) {
  }  // the id is the key: this ends the statement, ready for the next id
  out.status = parseRegistrantStatus(status);
  return true;
}

void RegistrantRecords::insert(const RegistrantRecord& record, Poco::Int64 runId,
                               const std::string& updatedAt) {
  StoreStatement& insert = statements_->insert;
  insert.bind(1, record.id);
  int at = bindValues(insert, 2, record);
  insert.bind(at++, std::string(toString(RegistrantStatus::kActive)));
  insert.bind(at, static_cast<long long>(runId));
  insert.bind(at + 1, static_cast<long long>(runId));
  insert.bind(at + 2, updatedAt).run();
}

void RegistrantRecords::update(const RegistrantRecord& record, Poco::Int64 runId,
                               const std::string& updatedAt) {
  StoreStatement& update = statements_->update;
  int at = bindValues(update, 1, record);
  update.bind(at++, std::string(toString(RegistrantStatus::kActive)));
  update.bind(at, static_cast<long long>(runId));
  update.bind(at + 1, updatedAt);
  update.bind(at + 2, record.id).run();
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

long long RegistrantRecords::withdrawUnseen(Poco::Int64 runId, const std::string& updatedAt,
                                            std::vector<std::string>* ids) {
  StoreStatement withdraw(store_,
                          "UPDATE registrants SET status = ?, last_run = ?, updated_at = ? "
                          "WHERE status = ? AND id NOT IN (SELECT id FROM import_seen) "
                          "RETURNING id");
  withdraw.bind(1, std::string(toString(RegistrantStatus::kWithdrawn)));
  withdraw.bind(2, static_cast<long long>(runId)).bind(3, updatedAt);
  withdraw.bind(4, std::string(toString(RegistrantStatus::kActive)));
  long long count = 0;
  std::string id;
  while (withdraw.next()) {
    ++count;
    if (!ids) continue;
    withdraw.text(0, id);
    ids->push_back(id);
  }
  return count;
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
  StoreStatement& find = statements_->findAlias;
  find.bind(1, alias);
  if (!find.next()) return false;
  find.text(0, id);
  while (find.next()) {
  }  // the alias is the key: this ends the statement
  return true;
}

bool RegistrantRecords::values(const std::string& id, RegistrantRecord& out) {
  std::string key = id;
  RegistrantRecord r;
  Poco::Data::Statement select = store_.sql(
      "SELECT id, bib, first_name, last_name, name, email, race, gender, birth_date, "
      "age_group, team, country, source, line, import_hash FROM registrants WHERE id = ?");
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
      "SELECT ?, source, line, place FROM import_seen WHERE id = ? "
      "ON CONFLICT (id) DO NOTHING"),
      use(oldKey), use(newKey), now;
}

}  // namespace racesync
