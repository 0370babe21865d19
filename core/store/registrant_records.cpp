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
  explicit Statements(Poco::Data::Session& session)
      : find(session), insert(session), update(session) {
    find << "SELECT import_hash, status, birth_date, email, gender FROM registrants WHERE id = ?",
        use(r.id), into(stored.importHash), into(storedStatus), into(stored.birthDate),
        into(stored.email), into(stored.gender);
    insert << "INSERT INTO registrants (id, bib, first_name, last_name, name, email, race, gender, "
              "birth_date, age_group, team, country, source, line, import_hash, status, "
              "first_run, last_run, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        use(r.id), use(r.bib), use(r.firstName), use(r.lastName), use(r.name), use(r.email),
        use(r.race), use(r.gender), use(r.birthDate), use(r.ageGroup), use(r.team), use(r.country),
        use(r.source), use(r.line), use(r.importHash), use(active), use(runId), use(runId),
        use(updatedAt);
    update << "UPDATE registrants SET bib = ?, first_name = ?, last_name = ?, name = ?, "
              "email = ?, race = ?, gender = ?, birth_date = ?, age_group = ?, team = ?, "
              "country = ?, source = ?, line = ?, import_hash = ?, status = ?, "
              "last_run = ?, updated_at = ? WHERE id = ?",
        use(r.bib), use(r.firstName), use(r.lastName), use(r.name), use(r.email), use(r.race),
        use(r.gender), use(r.birthDate), use(r.ageGroup), use(r.team), use(r.country),
        use(r.source), use(r.line), use(r.importHash), use(active), use(runId), use(updatedAt),
        use(r.id);
  }

  RegistrantRecord r;
  StoredRegistrant stored;
  std::string storedStatus;
  std::string active = toString(RegistrantStatus::kActive);
  Poco::Int64 runId = 0;
  std::string updatedAt;
  Poco::Data::Statement find, insert, update;
};

RegistrantRecords::RegistrantRecords(StateStore& store)
    : store_(store), statements_(std::make_unique<Statements>(store.session())) {}

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
  store_.session() << "SELECT name, source || ':' || line FROM registrants WHERE status = ? "
                      "AND id NOT IN (SELECT id FROM temp.import_seen) ORDER BY source, line "
                      "LIMIT ?",
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
  Poco::Data::Statement withdraw(store_.session());
  withdraw << "UPDATE registrants SET status = ?, last_run = ?, updated_at = ? "
              "WHERE status = ? AND id NOT IN (SELECT id FROM temp.import_seen)",
      use(withdrawn), use(run), use(at), use(active);
  return static_cast<long long>(withdraw.execute());
}

}  // namespace racesync
