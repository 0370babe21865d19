#include "core/report/registrant_rows.h"

#include "core/store/mail_records.h"
#include "core/store/registrant_records.h"
#include "core/store/store_statement.h"

namespace racesync {

namespace {

constexpr const char* kQuery =
    "SELECT r.id, r.bib, r.first_name, r.last_name, r.name, r.email, r.race, r.status, "
    "coalesce(l.key, ''), coalesce(l.link, ''), coalesce(l.qr_file, ''), "
    "coalesce(a.outcome, ''), coalesce(CASE m.state WHEN ? THEN 'in doubt' ELSE m.state "
    "END, ''), coalesce(m.last_error, ''), r.source, r.line "
    "FROM registrants r LEFT JOIN links l ON l.registration_id = r.id "
    "LEFT JOIN athletes a ON a.registration_id = r.id "
    "LEFT JOIN mails m ON m.registration_id = r.id AND m.link = l.link "
    "ORDER BY r.race, r.status, CASE WHEN r.bib = '' THEN 1 ELSE 0 END, length(r.bib), r.bib, "
    "r.name, r.id";

}  // namespace

void forEachRegistrant(StateStore& store, const std::function<void(const RegistrantRow&)>& each) {
  StoreStatement query(store, kQuery);
  // A mail still 'sending' is in doubt: the report says so in words.
  query.bind(1, std::string(toString(MailState::kSending)));
  const std::string withdrawn = toString(RegistrantStatus::kWithdrawn);
  RegistrantRow row;
  std::string status;
  while (query.next()) {
    query.text(0, row.id);
    query.text(1, row.bib);
    query.text(2, row.firstName);
    query.text(3, row.lastName);
    query.text(4, row.name);
    query.text(5, row.email);
    query.text(6, row.race);
    query.text(7, status);
    row.withdrawn = status == withdrawn;
    query.text(8, row.key);
    query.text(9, row.link);
    query.text(10, row.qrFile);
    query.text(11, row.athlete);
    query.text(12, row.mail);
    query.text(13, row.mailError);
    query.text(14, row.source);
    row.line = static_cast<int>(query.integer(15));
    each(row);
  }
}

}  // namespace racesync
