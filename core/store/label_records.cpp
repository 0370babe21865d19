#include "core/store/label_records.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include "core/store/registrant_records.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

std::vector<LabelCandidate> LabelRecords::candidates() {
  std::string active = toString(RegistrantStatus::kActive);
  Poco::Data::Statement select = store_.sql(
      "SELECT r.id, r.bib, CASE WHEN r.name <> '' THEN r.name ELSE "
      "trim(r.first_name || ' ' || r.last_name) END AS display, r.race, l.key, l.link "
      "FROM registrants r JOIN links l ON l.registration_id = r.id "
      "WHERE r.status = ? ORDER BY r.id");
  select, use(active);
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<LabelCandidate> result;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    auto text = [&](std::size_t column) { return rows[column].convert<std::string>(); };
    result.push_back({text(0), text(1), text(2), text(3), text(4), text(5)});
  }
  return result;
}

long long LabelRecords::withoutLink() {
  Poco::Int64 count = 0;
  std::string active = toString(RegistrantStatus::kActive);
  store_.sql(
      "SELECT count(*) FROM registrants r WHERE r.status = ? AND NOT "
      "EXISTS (SELECT 1 FROM links l WHERE l.registration_id = r.id)"),
      use(active), into(count), now;
  return count;
}

std::map<std::string, PrintedLabel> LabelRecords::printed() {
  Poco::Data::Statement select =
      store_.sql("SELECT registration_id, content_hash, file, printed_at FROM printed_labels");
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::map<std::string, PrintedLabel> result;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    auto text = [&](std::size_t column) { return rows[column].convert<std::string>(); };
    PrintedLabel label{text(0), text(1), text(2), text(3)};
    result[label.registrationId] = label;
  }
  return result;
}

void LabelRecords::markPrinted(const std::vector<PrintedLabel>& labels) {
  PrintedLabel row;  // use() binds lvalues that outlive the statement
  store_.transact([&] {
    Poco::Data::Statement upsert = store_.sql(
        "INSERT INTO printed_labels (registration_id, content_hash, file, printed_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (registration_id) DO UPDATE SET "
        "content_hash = excluded.content_hash, file = excluded.file, "
        "printed_at = excluded.printed_at");
    upsert, use(row.registrationId), use(row.contentHash), use(row.file), use(row.printedAt);
    for (const PrintedLabel& label : labels) {
      row = label;
      upsert.execute();
    }
  });
}

std::string labelHash(const LabelCandidate& label) {
  Poco::SHA1Engine sha1;
  for (const std::string* value : {&label.bib, &label.name, &label.race, &label.key, &label.link}) {
    sha1.update(*value);
    sha1.update('\x1f');
  }
  return Poco::DigestEngine::digestToHex(sha1.digest());
}

}  // namespace racesync
