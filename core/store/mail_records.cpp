#include "core/store/mail_records.h"

#include <limits>

#include "core/base/errors.h"
#include "core/store/registrant_records.h"
#include "core/store/state_store.h"
#include "core/store/store_statement.h"

namespace racesync {

namespace {

// The mails columns of the queries below, from column `first` on.
const char* const kMailColumns =
    "coalesce(m.registration_id, ''), coalesce(m.link, ''), coalesce(m.message_id, ''), "
    "coalesce(m.email, ''), coalesce(m.state, ''), coalesce(m.attempts, 0), coalesce(m.sends, 0), "
    "coalesce(m.last_error, ''), coalesce(m.sent_at, ''), coalesce(m.updated_at, '')";

MailRecord mailOf(const StoreStatement& row, int first) {
  MailRecord m;
  row.text(first, m.registrationId);
  row.text(first + 1, m.link);
  row.text(first + 2, m.messageId);
  row.text(first + 3, m.email);
  std::string state;
  row.text(first + 4, state);
  m.state = parseMailState(state);
  m.attempts = static_cast<int>(row.integer(first + 5));
  m.sends = static_cast<int>(row.integer(first + 6));
  row.text(first + 7, m.lastError);
  row.text(first + 8, m.sentAt);
  row.text(first + 9, m.updatedAt);
  return m;
}

MailCandidate candidateOf(const StoreStatement& select) {
  MailCandidate c;
  select.text(0, c.id);
  select.text(1, c.email);
  select.text(2, c.firstName);
  select.text(3, c.lastName);
  select.text(4, c.name);
  select.text(5, c.bib);
  select.text(6, c.race);
  select.text(7, c.language);
  select.text(8, c.key);
  select.text(9, c.link);
  select.text(10, c.qrFile);
  select.text(11, c.qrLink);
  if (select.integer(12) != 0) c.mail = mailOf(select, 13);
  return c;
}

// Active registrants with an address, joined to their link and that link's mail: the candidates.
// The status is compared inside a CASE so that no index on it is used: nearly everyone is active,
// and walking the status index made every page re-read and re-sort all registrants to find the
// ids after the last page's; walking the primary key reads each page where it starts.
const std::string kCandidateRows =
    " FROM registrants r JOIN links l ON l.registration_id = r.id "
    "LEFT JOIN mails m ON m.registration_id = r.id AND m.link = l.link "
    "WHERE CASE WHEN r.status = ? THEN 1 ELSE 0 END = 1 AND r.email <> ''";

// Binds 1: the active status; 2 and 3: the states that make a mail done.
const std::string kNotDone = " AND (m.state IS NULL OR (m.state <> ? AND m.state <> ?))";

const std::string kCandidateSelect =
    std::string(
        "SELECT r.id, r.email, r.first_name, r.last_name, r.name, r.bib, r.race, "
        "r.language, l.key, l.link, l.qr_file, l.qr_link, "
        "CASE WHEN m.registration_id IS NULL THEN 0 ELSE 1 END, ") +
    kMailColumns + kCandidateRows;

// Paged by id; the largest integer stands for no limit (LIMIT -1 is SQLite's own).
const std::string kPage = " AND r.id > ? ORDER BY r.id LIMIT ?";

// With mail off, a mail in the outbox is done as well as a sent one.
const char* doneState(bool mailEnabled) {
  return toString(mailEnabled ? MailState::kSent : MailState::kOutbox);
}

const char* const kUpsertAttempt =
    "INSERT INTO mails (registration_id, link, message_id, email, state, attempts, sends, "
    "last_error, sent_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (registration_id, link) DO UPDATE SET message_id = excluded.message_id, "
    "email = excluded.email, state = excluded.state, attempts = excluded.attempts, "
    "sends = mails.sends + excluded.sends, last_error = excluded.last_error, "
    "sent_at = CASE WHEN excluded.sends > 0 THEN excluded.sent_at ELSE mails.sent_at END, "
    "updated_at = excluded.updated_at";

const char* const kUpsertIntent =
    "INSERT INTO mails (registration_id, link, message_id, email, state, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (registration_id, link) DO UPDATE SET "
    "message_id = excluded.message_id, email = excluded.email, state = excluded.state, "
    "updated_at = excluded.updated_at";

long long countOf(StoreStatement& query) {
  long long count = 0;
  while (query.next()) count = query.integer(0);
  return count;
}

}  // namespace

// The statements prepared once (see store_statement.h).
struct MailRecords::Statements {
  explicit Statements(StateStore& store)
      : all(store, kCandidateSelect + kPage),
        notDone(store, kCandidateSelect + kNotDone + kPage),
        countAll(store, "SELECT count(*)" + kCandidateRows),
        countNotDone(store, "SELECT count(*)" + kCandidateRows + kNotDone),
        countDone(store, "SELECT count(*)" + kCandidateRows + " AND (m.state = ? OR m.state = ?)"),
        find(store, std::string("SELECT ") + kMailColumns +
                        " FROM mails m WHERE m.registration_id = ? AND m.link = ?"),
        attempt(store, kUpsertAttempt),
        intent(store, kUpsertIntent),
        remove(store, "DELETE FROM mails WHERE registration_id = ? AND link = ?"),
        restore(store,
                "UPDATE mails SET state = ?, message_id = ?, email = ? "
                "WHERE registration_id = ? AND link = ?") {}
  StoreStatement all, notDone, countAll, countNotDone, countDone, find;
  StoreStatement attempt, intent, remove, restore;
};

MailRecords::MailRecords(StateStore& store)
    : store_(store), statements_(std::make_unique<Statements>(store)) {}

MailRecords::~MailRecords() = default;

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

std::vector<MailCandidate> MailRecords::candidates(const CandidateQuery& query) {
  StoreStatement& select = query.includeDone ? statements_->all : statements_->notDone;
  int next = 1;
  select.bind(next++, std::string(toString(RegistrantStatus::kActive)));
  if (!query.includeDone) {
    select.bind(next++, std::string(toString(MailState::kSent)));
    select.bind(next++, std::string(doneState(query.mailEnabled)));
  }
  select.bind(next++, query.afterId);
  select.bind(next++, query.limit > 0 ? query.limit : std::numeric_limits<long long>::max());
  std::vector<MailCandidate> candidates;
  if (query.limit > 0) candidates.reserve(static_cast<std::size_t>(query.limit));
  try {
    while (select.next()) candidates.push_back(candidateOf(select));
  } catch (const StoreError&) {
    while (select.next()) {
    }  // reset for the next query
    throw;
  }
  return candidates;
}

long long MailRecords::countDone(bool mailEnabled) {
  return countOf(statements_->countDone.bind(1, std::string(toString(RegistrantStatus::kActive)))
                     .bind(2, std::string(toString(MailState::kSent)))
                     .bind(3, std::string(doneState(mailEnabled))));
}

long long MailRecords::countCandidates(const CandidateQuery& query) {
  std::string active = toString(RegistrantStatus::kActive);
  if (query.includeDone) return countOf(statements_->countAll.bind(1, active));
  return countOf(statements_->countNotDone.bind(1, active)
                     .bind(2, std::string(toString(MailState::kSent)))
                     .bind(3, std::string(doneState(query.mailEnabled))));
}

std::set<std::string> MailRecords::candidateLanguages() {
  StoreStatement select(store_,
                        "SELECT DISTINCT r.language FROM registrants r JOIN links l ON "
                        "l.registration_id = r.id WHERE r.status = ? AND r.email <> ''");
  select.bind(1, std::string(toString(RegistrantStatus::kActive)));
  std::set<std::string> languages;
  std::string language;
  while (select.next()) {
    select.text(0, language);
    languages.insert(language);
  }
  return languages;
}

long long MailRecords::withoutAddress() {
  StoreStatement count(store_, "SELECT count(*) FROM registrants WHERE status = ? AND email = ''");
  return countOf(count.bind(1, std::string(toString(RegistrantStatus::kActive))));
}

long long MailRecords::withoutLink() {
  StoreStatement count(store_,
                       "SELECT count(*) FROM registrants r WHERE status = ? AND email <> '' AND "
                       "NOT EXISTS (SELECT 1 FROM links l WHERE l.registration_id = r.id)");
  return countOf(count.bind(1, std::string(toString(RegistrantStatus::kActive))));
}

std::optional<MailRecord> MailRecords::find(const std::string& registrationId,
                                            const std::string& link) {
  StoreStatement& select = statements_->find;
  select.bind(1, registrationId).bind(2, link);
  std::optional<MailRecord> found;
  try {
    while (select.next()) {
      if (!found) found = mailOf(select, 0);
    }
  } catch (const StoreError&) {
    while (select.next()) {
    }  // reset for the next query
    throw;
  }
  return found;
}

void MailRecords::write(StoreStatement& statement) {
  try {
    statement.run();
  } catch (const StoreError& e) {
    // A full disk or a read-only file: said the way every other write of the store says it.
    throw StoreError(storeWriteFailure(store_.path(), e.message()));
  }
}

void MailRecords::recordAttempt(const MailAttempt& attempt) { recordAttempts({attempt}); }

void MailRecords::recordAttempts(const std::vector<MailAttempt>& attempts) {
  if (attempts.empty()) return;
  StoreStatement& upsert = statements_->attempt;
  store_.transact([&] {
    for (const MailAttempt& a : attempts) {
      bool sent = a.state == MailState::kSent;
      upsert.bind(1, a.registrationId)
          .bind(2, a.link)
          .bind(3, a.messageId)
          .bind(4, a.email)
          .bind(5, std::string(toString(a.state)))
          .bind(6, static_cast<long long>(a.attempts))
          .bind(7, sent ? 1LL : 0LL)
          .bind(8, a.error)
          .bind(9, sent ? a.at : std::string())
          .bind(10, a.at);
      write(upsert);
    }
  });
}

void MailRecords::recordIntent(const MailAttempt& a) {
  StoreStatement& upsert = statements_->intent;
  store_.transact([&] {
    upsert.bind(1, a.registrationId)
        .bind(2, a.link)
        .bind(3, a.messageId)
        .bind(4, a.email)
        .bind(5, std::string(toString(MailState::kSending)))
        .bind(6, a.at);
    write(upsert);
  });
}

void MailRecords::withdrawIntent(const std::string& registrationId, const std::string& link,
                                 const std::optional<MailRecord>& before) {
  store_.transact([&] {
    if (!before) {
      write(statements_->remove.bind(1, registrationId).bind(2, link));
      return;
    }
    write(statements_->restore.bind(1, std::string(toString(before->state)))
              .bind(2, before->messageId)
              .bind(3, before->email)
              .bind(4, registrationId)
              .bind(5, link));
  });
}

long long MailRecords::inDoubt() {
  StoreStatement count(store_, "SELECT count(*) FROM mails WHERE state = ?");
  return countOf(count.bind(1, std::string(toString(MailState::kSending))));
}

}  // namespace racesync
