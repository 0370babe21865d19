#include "core/store/athlete_records.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include <cstdlib>

#include "core/base/errors.h"
#include "core/store/meta_table.h"
#include "core/store/registrant_records.h"
#include "core/store/state_store.h"
#include "core/store/store_statement.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

namespace {

const AthleteOutcome kOutcomes[] = {AthleteOutcome::kCreated, AthleteOutcome::kUpdated,
                                    AthleteOutcome::kUnchanged, AthleteOutcome::kRejected};
const RaceStatus kStatuses[] = {RaceStatus::kScheduled, RaceStatus::kActive, RaceStatus::kEnded,
                                RaceStatus::kStarted};

// The value of `Enum` that `text` names, or StoreError naming `column` and the values it may hold.
template <typename Enum, std::size_t N>
Enum parseValue(const Enum (&values)[N], const std::string& text, const char* column) {
  std::string known;
  for (Enum value : values) {
    if (text == toString(value)) return value;
    known += (known.empty() ? "" : ", ") + std::string(toString(value));
  }
  throw StoreError(std::string(column) + ": unknown value '" + text + "' in the state store (" +
                   known + " expected): it was written by a newer racesync or edited by hand");
}

}  // namespace

const char* toString(AthleteOutcome outcome) {
  switch (outcome) {
    case AthleteOutcome::kCreated:
      return "created";
    case AthleteOutcome::kUpdated:
      return "updated";
    case AthleteOutcome::kUnchanged:
      return "unchanged";
    case AthleteOutcome::kRejected:
      return "rejected";
  }
  return "";
}

AthleteOutcome parseAthleteOutcome(const std::string& text) {
  return parseValue(kOutcomes, text, "athletes.outcome");
}

const char* toString(RaceStatus status) {
  switch (status) {
    case RaceStatus::kScheduled:
      return "scheduled";
    case RaceStatus::kActive:
      return "active";
    case RaceStatus::kEnded:
      return "ended";
    case RaceStatus::kStarted:
      return "started";
  }
  return "";
}

RaceStatus parseRaceStatus(const std::string& text) {
  return parseValue(kStatuses, text, "races.status");
}

AthleteRecords::AthleteRecords(StateStore& store) : store_(store) {}

AthleteRecords::~AthleteRecords() = default;

std::vector<AthleteCandidate> AthleteRecords::candidates() {
  // One row at a time (StoreStatement), where Poco's RecordSet held every row as variants.
  StoreStatement select(
      store_,
      "SELECT id, bib, first_name, last_name, name, race, gender, age_group, "
      "team, country, source, line FROM registrants WHERE status = ? ORDER BY id");
  select.bind(1, std::string(toString(RegistrantStatus::kActive)));
  std::vector<AthleteCandidate> result;
  while (select.next()) {
    AthleteCandidate r;
    select.text(0, r.id);
    select.text(1, r.bib);
    select.text(2, r.firstName);
    select.text(3, r.lastName);
    select.text(4, r.name);
    select.text(5, r.race);
    select.text(6, r.gender);
    select.text(7, r.ageGroup);
    select.text(8, r.team);
    select.text(9, r.country);
    select.text(10, r.source);
    r.line = static_cast<int>(select.integer(11));
    result.push_back(std::move(r));
  }
  return result;
}

std::map<std::string, AthleteRecord> AthleteRecords::athletes() {
  StoreStatement select(store_,
                        "SELECT registration_id, race_id, content_hash, outcome, code, message, "
                        "pushed_at FROM athletes");
  std::map<std::string, AthleteRecord> result;
  std::string outcome;
  while (select.next()) {
    AthleteRecord record;
    select.text(0, record.registrationId);
    select.text(1, record.raceId);
    select.text(2, record.contentHash);
    select.text(3, outcome);
    record.outcome = parseAthleteOutcome(outcome);
    select.text(4, record.code);
    select.text(5, record.message);
    select.text(6, record.pushedAt);
    std::string id = record.registrationId;
    result[std::move(id)] = std::move(record);
  }
  return result;
}

void AthleteRecords::put(const AthleteRecord& r) {
  if (!put_) {
    put_ = std::make_unique<StoreStatement>(
        store_,
        "INSERT INTO athletes (registration_id, race_id, content_hash, outcome, code, message, "
        "pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (registration_id) DO UPDATE SET "
        "race_id = excluded.race_id, content_hash = excluded.content_hash, "
        "outcome = excluded.outcome, code = excluded.code, message = excluded.message, "
        "pushed_at = excluded.pushed_at");
  }
  put_->bind(1, r.registrationId)
      .bind(2, r.raceId)
      .bind(3, r.contentHash)
      .bind(4, std::string(toString(r.outcome)))
      .bind(5, r.code)
      .bind(6, r.message)
      .bind(7, r.pushedAt)
      .run();
}

std::vector<RaceRecord> AthleteRecords::races() {
  Poco::Data::Statement select =
      store_.sql("SELECT race_id, name, status, checked_at, note FROM races ORDER BY race_id");
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<RaceRecord> result;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    auto text = [&](const char* column) { return rows[column].convert<std::string>(); };
    result.push_back({text("race_id"), text("name"), parseRaceStatus(text("status")),
                      text("checked_at"), text("note")});
  }
  return result;
}

void AthleteRecords::putRace(const RaceRecord& race) {
  RaceRecord r = race;
  std::string status = toString(r.status);
  store_.sql(
      "INSERT INTO races (race_id, name, status, checked_at, note) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (race_id) DO UPDATE SET "
      "name = excluded.name, status = excluded.status, "
      "checked_at = excluded.checked_at, note = excluded.note"),
      use(r.raceId), use(r.name), use(status), use(r.checkedAt), use(r.note), now;
}

std::set<std::string> AthleteRecords::knownIds() {
  std::vector<std::string> ids;
  store_.sql("SELECT id FROM registrants"), into(ids), now;
  return std::set<std::string>(ids.begin(), ids.end());
}

void AthleteRecords::remove(const std::string& registrationId) {
  std::string id = registrationId;
  store_.sql("DELETE FROM athletes WHERE registration_id = ?"), use(id), now;
}

void AthleteRecords::setHeld(const std::string& raceId, long long held) {
  std::string id = raceId;
  Poco::Int64 value = held;
  store_.sql("UPDATE races SET held = ? WHERE race_id = ?"), use(value), use(id), now;
}

std::vector<std::pair<std::string, long long>> AthleteRecords::heldPerRace() {
  std::vector<std::string> names;
  std::vector<Poco::Int64> counts;
  store_.sql("SELECT name, held FROM races WHERE held >= 0 ORDER BY name"), into(names),
      into(counts), now;
  std::vector<std::pair<std::string, long long>> result;
  for (std::size_t i = 0; i < names.size(); ++i) result.emplace_back(names[i], counts[i]);
  return result;
}

std::map<std::string, long long> AthleteRecords::heldByRaceId() {
  StoreStatement select(store_, "SELECT race_id, held FROM races WHERE held >= 0");
  std::map<std::string, long long> held;
  std::string id;
  while (select.next()) {
    select.text(0, id);
    held[id] = select.integer(1);
  }
  return held;
}

namespace {

const char kReadBackPrefix[] = "raceranger.read_back.";

}  // namespace

std::map<std::string, std::string> AthleteRecords::readBackMemos() {
  return readMetaUnder(store_, kReadBackPrefix);
}

void AthleteRecords::putReadBackMemo(const std::string& raceId, const std::string& memo) {
  writeMeta(store_, kReadBackPrefix + raceId, memo);
}

long long AthleteRecords::nextPushGeneration() {
  Poco::Int64 generation = 0;
  store_.transact([&] {
    std::vector<std::string> values;
    store_.sql("SELECT v FROM meta WHERE k = 'raceranger.push_generation'"), into(values), now;
    if (!values.empty()) generation = std::atoll(values[0].c_str());
    ++generation;
    std::string text = std::to_string(generation);
    store_.sql(
        "INSERT INTO meta (k, v) VALUES ('raceranger.push_generation', ?) "
        "ON CONFLICT (k) DO UPDATE SET v = excluded.v"),
        use(text), now;
  });
  return generation;
}

}  // namespace racesync
