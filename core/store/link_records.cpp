#include "core/store/link_records.h"

#include <Poco/String.h>

#include "core/store/key_records.h"
#include "core/store/state_store.h"
#include "core/store/store_statement.h"

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

void LinkRecords::eachRegistrantLink(const std::function<void(RegistrantLink&)>& visit) {
  // One row at a time (StoreStatement), where Poco's RecordSet held every row as variants.
  StoreStatement select(
      store_,
      "SELECT r.id, r.bib, r.first_name, r.last_name, r.name, r.email, r.race, r.status, "
      "coalesce(k.key, ''), coalesce(l.link, ''), coalesce(l.qr_file, ''), "
      "coalesce(l.qr_link, '') FROM registrants r "
      "LEFT JOIN keys k ON k.registration_id = r.id AND k.state = ? "
      "LEFT JOIN links l ON l.registration_id = r.id "
      "ORDER BY coalesce(r.first_run, 0), r.source, r.line, r.id");
  select.bind(1, std::string(toString(KeyState::kAssigned)));
  RegistrantLink r;
  std::string status;
  while (select.next()) {
    select.text(0, r.id);
    select.text(1, r.bib);
    Poco::trimInPlace(r.bib);
    select.text(2, r.firstName);
    select.text(3, r.lastName);
    select.text(4, r.name);
    Poco::trimInPlace(r.name);
    if (r.name.empty()) r.name = Poco::trim(Poco::trim(r.firstName) + " " + Poco::trim(r.lastName));
    select.text(5, r.email);
    select.text(6, r.race);
    select.text(7, status);
    r.status = parseRegistrantStatus(status);
    select.text(8, r.key);
    select.text(9, r.link);
    select.text(10, r.qrFile);
    select.text(11, r.qrLink);
    visit(r);
  }
}

std::vector<RegistrantLink> LinkRecords::registrantLinks() {
  std::vector<RegistrantLink> result;
  eachRegistrantLink([&](RegistrantLink& r) { result.push_back(std::move(r)); });
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
