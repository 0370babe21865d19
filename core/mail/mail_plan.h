// The mail step's plan: for each active registrant with an address and a link, whether a message
// goes out (and which: Message-ID, recipient, template fields, subject) or why not, computed by a
// pure function from the store's records; and the lines a dry run prints of it.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/mail/mail_message.h"
#include "core/mail/mail_templates.h"
#include "core/store/mail_records.h"
#include "core/store/problem_log.h"

namespace racesync {

// What the step reads before planning.
struct MailInputs {
  std::vector<MailCandidate> candidates;  // id order (MailRecords::candidates)
  std::set<std::string> qrFilesOnDisk;    // the candidates' qr_file values that exist under out.dir
  long long noAddress = 0;                // active registrants without an address
  long long noLink = 0;                   // active registrants with an address but no link
};

// The settings and options the plan depends on.
struct MailRules {
  bool mailEnabled = true;          // mail.enabled: while off, a message in the outbox is done
  int maxAttempts = 3;              // mail.max_attempts
  std::vector<std::string> resend;  // --resend: registration ids, "all", or "in-doubt"
  std::string resendTo;             // --to: the one resent mail goes here instead, this once
  std::string eventName;            // event.name, for the template
  std::string eventDate;            // event.date (YYYY-MM-DD), written for each mail's language
  std::string startTime;            // event.start_time
  std::string contact;              // mail.contact
  std::string appStoreUrl;          // mail.app_store_url
  std::string playStoreUrl;         // mail.play_store_url
  std::string senderDomain;         // the domain of mail.from, for Message-IDs
};

enum class MailAction {
  kAlreadySent,  // sent (with mail off: in the outbox) and not named by --resend
  kInDoubt,      // handed to the server by an earlier run that never learned the answer: it
                 // may have arrived, so it is not sent unless --resend names it (or in-doubt)
  kGaveUp,       // refused mail.max_attempts times at this address: a problem
  kMalformed,    // an address SMTP cannot carry: recorded as a failed attempt, a problem
  kQrMissing,    // no QR code for the current link on disk: a problem
  kSend,         // compose and send (write the .eml file, on an outbox route)
};

struct MailDecision {
  MailAction action = MailAction::kSend;
  MailCandidate candidate;
  int attempts = 0;                // refused attempts to the current address before this run
  std::optional<Problem> problem;  // kGaveUp, kMalformed, kQrMissing, kInDoubt: recorded
                                   // outside dry runs
  // kSend only: the message. A deliberate resend of a sent mail gets a Message-ID of its own
  // (with the same stem); a retry of one never accepted keeps the first one's.
  std::string messageId;
  Mailbox to;
  MailFields fields;
  std::string subject;
  std::string language;  // the language of the mail's template ("" when unknown)

  std::string who() const;  // "registration R1 <juergen@example.org>"
};

struct MailPlan {
  std::vector<MailDecision> decisions;      // one per candidate, in their order
  std::vector<std::string> unknownResends;  // --resend ids that are no candidate
  long long noAddress = 0;
  long long noLink = 0;

  long long count(MailAction action) const;
};

// Decides, for each candidate, what the step does and in which language (its own when `templates`
// has one, else mail.template's). Pure: reads and writes nothing (the template renders each
// subject).
MailPlan planMail(const MailInputs& inputs, const MailRules& rules, const MailTemplates& templates);

// The --resend values (in their order, repeats kept) that name no registration id of
// `candidateIds`; "all" and "in-doubt" name none and are never unknown.
std::vector<std::string> unknownResends(const std::vector<std::string>& resend,
                                        const std::set<std::string>& candidateIds);

// "in-doubt": the --resend value that sends the messages in doubt again.
extern const char* const kResendInDoubt;

// The lines --dry-run prints: one per message and per address or QR code that stops one.
std::vector<std::string> describe(const MailPlan& plan);

}  // namespace racesync
