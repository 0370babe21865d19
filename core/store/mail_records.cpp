#include "core/store/mail_records.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include "core/base/errors.h"
#include "core/store/registrant_records.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

namespace {

// The mails columns of a query, as the select lists below name them.
MailRecord mailOf(Poco::Data::RecordSet& rows) {
  auto text = [&](const char* column) { return rows[column].convert<std::string>(); };
  MailRecord m;
  m.registrationId = text("m_registration_id");
  m.link = text("m_link");
  m.messageId = text("message_id");
  m.email = text("m_email");
  m.state = parseMailState(text("state"));
  m.attempts = rows["attempts"].convert<int>();
  m.sends = rows["sends"].convert<int>();
  m.lastError = text("last_error");
  m.sentAt = text("sent_at");
  m.updatedAt = text("updated_at");
  return m;
}

const char* const kMailColumns =
    "coalesce(m.registration_id, '') AS m_registration_id, coalesce(m.link, '') AS m_link, "
    "coalesce(m.message_id, '') AS message_id, coalesce(m.email, '') AS m_email, "
    "coalesce(m.state, '') AS state, coalesce(m.attempts, 0) AS attempts, "
    "coalesce(m.sends, 0) AS sends, coalesce(m.last_error, '') AS last_error, "
    "coalesce(m.sent_at, '') AS sent_at, coalesce(m.updated_at, '') AS updated_at";

// A count of active registrants: `sql` binds the status as its one placeholder.
long long countActive(StateStore& store, const std::string& sql) {
  Poco::Int64 value = 0;
  std::string active = toString(RegistrantStatus::kActive);
  store.sql(sql), use(active), into(value), now;
  return value;
}

}  // namespace

const char* toString(MailState state) {
  switch (state) {
    case MailState::kSent:
      return "sent";
    case MailState::kFailed:
      return "failed";
    case MailState::kOutbox:
      return "outbox";
    case MailState::kSending:
      return "sending";
  }
  return "";
}

MailState parseMailState(const std::string& text) {
  for (MailState state :
       {MailState::kSent, MailState::kFailed, MailState::kOutbox, MailState::kSending}) {
    if (text == toString(state)) return state;
  }
  throw StoreError("mails.state: unknown value '" + text +
                   "' in the state store (sent, failed, outbox, sending expected): it was written "
                   "by a newer racesync or edited by hand");
}

std::vector<MailCandidate> MailRecords::candidates() {
  std::string active = toString(RegistrantStatus::kActive);
  Poco::Data::Statement select = store_.sql(
      std::string(
          "SELECT r.id, r.email, r.first_name, r.last_name, r.name, r.bib, r.race, r.language, "
          "l.key, l.link, l.qr_file, l.qr_link, "
          "CASE WHEN m.registration_id IS NOT NULL THEN 1 ELSE 0 END AS has_mail, ") +
      kMailColumns +
      " FROM registrants r JOIN links l ON l.registration_id = r.id "
      "LEFT JOIN mails m ON m.registration_id = r.id AND m.link = l.link "
      "WHERE r.status = ? AND r.email <> '' ORDER BY r.id");
  select, use(active);
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<MailCandidate> candidates;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    auto text = [&](const char* column) { return rows[column].convert<std::string>(); };
    MailCandidate c{text("id"),
                    text("email"),
                    text("first_name"),
                    text("last_name"),
                    text("name"),
                    text("bib"),
                    text("race"),
                    text("key"),
                    text("link"),
                    text("qr_file"),
                    text("qr_link"),
                    std::nullopt,
                    ""};
    if (rows["has_mail"].convert<int>() != 0) c.mail = mailOf(rows);
    c.language = text("language");
    candidates.push_back(std::move(c));
  }
  return candidates;
}

long long MailRecords::withoutAddress() {
  return countActive(store_, "SELECT count(*) FROM registrants WHERE status = ? AND email = ''");
}

long long MailRecords::withoutLink() {
  return countActive(store_,
                     "SELECT count(*) FROM registrants r WHERE status = ? AND email <> '' AND "
                     "NOT EXISTS (SELECT 1 FROM links l WHERE l.registration_id = r.id)");
}

std::optional<MailRecord> MailRecords::find(const std::string& registrationId,
                                            const std::string& link) {
  std::string id = registrationId, l = link;
  Poco::Data::Statement select =
      store_.sql(std::string("SELECT ") + kMailColumns +
                 " FROM mails m WHERE m.registration_id = ? AND m.link = ?");
  select, use(id), use(l);
  select.execute();
  Poco::Data::RecordSet rows(select);
  if (!rows.moveFirst()) return std::nullopt;
  return mailOf(rows);
}

void MailRecords::recordAttempt(const MailAttempt& attempt) {
  MailAttempt a = attempt;  // use() binds lvalues that outlive the statement
  std::string state = toString(a.state);
  bool sent = a.state == MailState::kSent;
  std::string sentAt = sent ? a.at : std::string();
  int sends = sent ? 1 : 0;
  store_.transact([&] {
    store_.sql(
        "INSERT INTO mails (registration_id, link, message_id, email, state, attempts, sends, "
        "last_error, sent_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (registration_id, link) DO UPDATE SET message_id = excluded.message_id, "
        "email = excluded.email, state = excluded.state, attempts = excluded.attempts, "
        "sends = mails.sends + excluded.sends, last_error = excluded.last_error, "
        "sent_at = CASE WHEN excluded.sends > 0 THEN excluded.sent_at ELSE mails.sent_at END, "
        "updated_at = excluded.updated_at"),
        use(a.registrationId), use(a.link), use(a.messageId), use(a.email), use(state),
        use(a.attempts), use(sends), use(a.error), use(sentAt), use(a.at), now;
  });
}

void MailRecords::recordIntent(const MailAttempt& attempt) {
  MailAttempt a = attempt;
  std::string state = toString(MailState::kSending);
  store_.transact([&] {
    store_.sql(
        "INSERT INTO mails (registration_id, link, message_id, email, state, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (registration_id, link) DO UPDATE SET "
        "message_id = excluded.message_id, email = excluded.email, state = excluded.state, "
        "updated_at = excluded.updated_at"),
        use(a.registrationId), use(a.link), use(a.messageId), use(a.email), use(state), use(a.at),
        now;
  });
}

void MailRecords::withdrawIntent(const std::string& registrationId, const std::string& link,
                                 const std::optional<MailRecord>& before) {
  std::string id = registrationId, l = link;
  store_.transact([&] {
    if (!before) {
      store_.sql("DELETE FROM mails WHERE registration_id = ? AND link = ?"), use(id), use(l), now;
      return;
    }
    std::string state = toString(before->state), messageId = before->messageId,
                email = before->email;
    store_.sql(
        "UPDATE mails SET state = ?, message_id = ?, email = ? "
        "WHERE registration_id = ? AND link = ?"),
        use(state), use(messageId), use(email), use(id), use(l), now;
  });
}

long long MailRecords::inDoubt() {
  Poco::Int64 value = 0;
  std::string sending = toString(MailState::kSending);
  store_.sql("SELECT count(*) FROM mails WHERE state = ?"), use(sending), into(value), now;
  return value;
}

}  // namespace racesync
