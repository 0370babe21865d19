#include "core/store/link_records.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/String.h>

#include "core/store/key_records.h"
#include "core/store/state_store.h"
#include "core/store/store_statement.h"

using Poco::Data::Keywords::use;

namespace racesync {

// The statements prepared once (see store_statement.h).
struct LinkRecords::Statements {
  explicit Statements(StateStore& store)
      : put(store,
            "INSERT INTO links (registration_id, key, link, qr_file, qr_link, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (registration_id) DO UPDATE SET "
            "key = excluded.key, link = excluded.link, qr_file = excluded.qr_file, "
            "qr_link = excluded.qr_link, updated_at = excluded.updated_at"),
        remove(store, "DELETE FROM links WHERE registration_id = ?") {}
  StoreStatement put, remove;
};

LinkRecords::LinkRecords(StateStore& store)
    : store_(store), statements_(std::make_unique<Statements>(store)) {}

LinkRecords::~LinkRecords() = default;

std::vector<RegistrantLink> LinkRecords::registrantLinks() {
  std::string assigned = toString(KeyState::kAssigned);
  Poco::Data::Statement select = store_.sql(
      "SELECT r.id, r.bib, r.first_name, r.last_name, r.name, r.email, r.race, r.status, "
      "coalesce(k.key, ''), coalesce(l.link, ''), coalesce(l.qr_file, ''), "
      "coalesce(l.qr_link, '') FROM registrants r "
      "LEFT JOIN keys k ON k.registration_id = r.id AND k.state = ? "
      "LEFT JOIN links l ON l.registration_id = r.id "
      "ORDER BY coalesce(r.first_run, 0), r.source, r.line, r.id");
  select, use(assigned);
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<RegistrantLink> result;
  result.reserve(rows.rowCount());
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    RegistrantLink r;
    r.id = rows[0].convert<std::string>();
    r.bib = Poco::trim(rows[1].convert<std::string>());
    r.firstName = rows[2].convert<std::string>();
    r.lastName = rows[3].convert<std::string>();
    r.name = Poco::trim(rows[4].convert<std::string>());
    if (r.name.empty()) r.name = Poco::trim(Poco::trim(r.firstName) + " " + Poco::trim(r.lastName));
    r.email = rows[5].convert<std::string>();
    r.race = rows[6].convert<std::string>();
    r.status = parseRegistrantStatus(rows[7].convert<std::string>());
    r.key = rows[8].convert<std::string>();
    r.link = rows[9].convert<std::string>();
    r.qrFile = rows[10].convert<std::string>();
    r.qrLink = rows[11].convert<std::string>();
    result.push_back(std::move(r));
  }
  return result;
}

void LinkRecords::put(const LinkRecord& r) {
  statements_->put.bind(1, r.registrationId)
      .bind(2, r.key)
      .bind(3, r.link)
      .bind(4, r.qrFile)
      .bind(5, r.qrLink)
      .bind(6, r.updatedAt)
      .run();
}

void LinkRecords::remove(const std::string& registrationId) {
  statements_->remove.bind(1, registrationId).run();
}

}  // namespace racesync
