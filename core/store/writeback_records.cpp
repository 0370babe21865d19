#include "core/store/writeback_records.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/String.h>

#include "core/base/errors.h"
#include "core/store/key_records.h"
#include "core/store/registrant_records.h"
#include "core/store/state_store.h"
#include "core/store/stored_enum.h"

using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

namespace {

const WritebackOutcome kOutcomes[] = {WritebackOutcome::kWritten, WritebackOutcome::kRefused};
const WritebackBy kBys[] = {WritebackBy::kPid, WritebackBy::kBib};

}  // namespace

const char* toString(WritebackOutcome outcome) {
  switch (outcome) {
    case WritebackOutcome::kWritten:
      return "written";
    case WritebackOutcome::kRefused:
      return "refused";
  }
  return "";
}

WritebackOutcome parseWritebackOutcome(const std::string& text) {
  return parseStoredValue(kOutcomes, text, "writebacks.outcome");
}

const char* toString(WritebackBy by) {
  switch (by) {
    case WritebackBy::kPid:
      return "pid";
    case WritebackBy::kBib:
      return "bib";
  }
  return "";
}

WritebackBy parseWritebackBy(const std::string& text) {
  return parseStoredValue(kBys, text, "writebacks.named_by");
}

std::vector<WritebackCandidate> WritebackRecords::candidates() {
  std::string assigned = toString(KeyState::kAssigned);
  std::string active = toString(RegistrantStatus::kActive);
  Poco::Data::Statement select = store_.sql(
      "SELECT r.id, r.bib, coalesce(k.key, ''), coalesce(l.link, '') FROM registrants r "
      "LEFT JOIN keys k ON k.registration_id = r.id AND k.state = ? "
      "LEFT JOIN links l ON l.registration_id = r.id "
      "WHERE r.status = ? AND r.source = 'raceresult' ORDER BY r.id");
  select, use(assigned), use(active);
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<WritebackCandidate> result;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    WritebackCandidate candidate;
    candidate.id = rows[0].convert<std::string>();
    candidate.bib = Poco::trim(rows[1].convert<std::string>());
    candidate.key = rows[2].convert<std::string>();
    candidate.link = rows[3].convert<std::string>();
    result.push_back(std::move(candidate));
  }
  return result;
}

std::map<std::string, WritebackRecord> WritebackRecords::writebacks() {
  Poco::Data::Statement select = store_.sql(
      "SELECT registration_id, named_by, target, key_field, key, link_field, link, outcome, "
      "message, written_at FROM writebacks");
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::map<std::string, WritebackRecord> result;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    auto text = [&](const char* column) { return rows[column].convert<std::string>(); };
    WritebackRecord record;
    record.registrationId = text("registration_id");
    record.by = parseWritebackBy(text("named_by"));
    record.target = text("target");
    record.keyField = text("key_field");
    record.key = text("key");
    record.linkField = text("link_field");
    record.link = text("link");
    record.outcome = parseWritebackOutcome(text("outcome"));
    record.message = text("message");
    record.writtenAt = text("written_at");
    result[record.registrationId] = std::move(record);
  }
  return result;
}

void WritebackRecords::put(const WritebackRecord& record) {
  WritebackRecord r = record;  // use() binds lvalues that outlive the statement
  std::string by = toString(r.by);
  std::string outcome = toString(r.outcome);
  store_.sql(
      "INSERT INTO writebacks (registration_id, named_by, target, key_field, key, "
      "link_field, link, outcome, message, written_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (registration_id) DO UPDATE SET named_by = excluded.named_by, "
      "target = excluded.target, key_field = excluded.key_field, "
      "key = excluded.key, link_field = excluded.link_field, "
      "link = excluded.link, outcome = excluded.outcome, "
      "message = excluded.message, written_at = excluded.written_at"),
      use(r.registrationId), use(by), use(r.target), use(r.keyField), use(r.key), use(r.linkField),
      use(r.link), use(outcome), use(r.message), use(r.writtenAt), now;
}

}  // namespace racesync
