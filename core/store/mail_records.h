// What racesync knows of its mails: one record per (registrant, link) in the mails table, the
// registrants the mail step considers, and how one attempt is recorded. The SQL lives here.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace racesync {

class StateStore;
class StoreStatement;

// What became of the last attempt at a mail (mails.state).
enum class MailState {
  kSent,     // the SMTP server accepted it
  kFailed,   // refused or malformed: tried again up to mail.max_attempts
  kOutbox,   // written as an .eml file with mail off: still to be sent by an enabled run
  kSending,  // handed to the server (recorded before DATA), no answer recorded yet: while a run
             // is sending it; found by a later run, the message is in doubt (it may have arrived)
};
// "sent", "failed", "outbox", "sending": the stored strings.
const char* toString(MailState state);
// The state a stored string names. Throws StoreError naming mails.state for any other.
MailState parseMailState(const std::string& text);

// One row of the mails table.
struct MailRecord {
  std::string registrationId;
  std::string link;
  std::string messageId;
  std::string email;  // the address of the last attempt
  MailState state = MailState::kSent;
  int attempts = 0;  // refused attempts to `email`
  int sends = 0;     // times accepted (more than 1 after --resend)
  std::string lastError;
  std::string sentAt;
  std::string updatedAt;
};

// An active registrant with an address and a link, and the mail record of that link if any.
struct MailCandidate {
  std::string id, email, firstName, lastName, name, bib, race;
  std::string key, link, qrFile, qrLink;  // from links: qr_file relative to out.dir
  std::optional<MailRecord> mail;         // none when this link was never mailed
  std::string language;                   // registrants.language: ISO 639-1, or ""
};

// One attempt at a mail, as recordAttempt() stores it.
struct MailAttempt {
  std::string registrationId;
  std::string link;
  std::string messageId;
  std::string email;
  MailState state = MailState::kSent;
  int attempts = 0;   // refused attempts to `email`, this one included
  std::string error;  // why it failed, "" otherwise
  std::string at;     // ISO 8601 UTC
};

// Which candidates to read (MailRecords::candidates), a page at a time.
struct CandidateQuery {
  // false: only those whose mail is not done, as the plan sees it: never mailed, failed, in
  // doubt, or in the outbox while mail is on (`mailEnabled`). What is left out is counted by
  // countDone(). Nothing to send then reads next to nothing.
  bool includeDone = true;
  bool mailEnabled = true;  // mail.enabled: with mail off, a mail in the outbox is done
  std::string afterId;      // only registration ids after this one ("" for from the first)
  long long limit = 0;      // at most this many (0 for all)
};

// The mails table of one store, and the registrants and links the mail step reads. Statements are
// prepared once per MailRecords and reused for every row.
class MailRecords {
 public:
  explicit MailRecords(StateStore& store);
  ~MailRecords();
  MailRecords(const MailRecords&) = delete;
  MailRecords& operator=(const MailRecords&) = delete;

  // Active registrants with an address and a link, in id order, each with its mail record, as
  // `query` selects them. Throws StoreError for an unknown state.
  std::vector<MailCandidate> candidates(const CandidateQuery& query = {});
  // How many candidates candidates() leaves out with includeDone false: mail sent, or in the
  // outbox while mail is off.
  long long countDone(bool mailEnabled);
  // How many candidates candidates() returns for `query` (its afterId and limit ignored).
  long long countCandidates(const CandidateQuery& query);
  // The languages of all candidates (registrants.language, "" among them when some have none).
  std::set<std::string> candidateLanguages();
  // Active registrants without an address.
  long long withoutAddress();
  // Active registrants with an address but no link.
  long long withoutLink();

  // The record of (registration, link), if there is one. Throws StoreError for an unknown state.
  std::optional<MailRecord> find(const std::string& registrationId, const std::string& link);

  // Records one attempt in a transaction of its own, committed before this returns, so that a
  // run dying at the next message still has this one: a new row, or the row of (registration,
  // link) updated, `sends` counting up and `sent_at` kept unless this attempt was sent.
  void recordAttempt(const MailAttempt& attempt);
  // Records `attempts` as recordAttempt() does, all in one transaction: for attempts that need no
  // answer from a server (the outbox, a malformed address), whose loss in a crash costs only
  // writing them again.
  void recordAttempts(const std::vector<MailAttempt>& attempts);

  // Records the intent to hand one message to the server (state 'sending', the Message-ID and
  // address of `attempt`; attempts, sends and sent_at as they were), committed before this
  // returns. Throws StoreError naming the store when it cannot be written.
  void recordIntent(const MailAttempt& attempt);
  // Undoes recordIntent() for a message the server certainly did not take: the row goes back to
  // `before`, or away when there was none.
  void withdrawIntent(const std::string& registrationId, const std::string& link,
                      const std::optional<MailRecord>& before);
  // Messages in doubt: rows still 'sending' (a run died or lost the connection between handing
  // the message over and recording the server's answer).
  long long inDoubt();

 private:
  struct Statements;
  // Runs `statement` with its bindings; a failure is a StoreError naming the store's file.
  void write(StoreStatement& statement);

  StateStore& store_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace racesync
