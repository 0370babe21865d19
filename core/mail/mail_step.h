// The mail step of `racesync run`: one message per active registrant with an address and a link,
// at most once per (registrant, link), recorded as sent only after the server accepted it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/mail/mail_message.h"
#include "core/mail/mailer.h"
#include "core/run/step.h"

namespace racesync {

struct MailConfig {
  bool enabled = true;       // mail.enabled
  std::string outbox;        // mail.outbox, an absolute folder; "" when unset
  std::string templateName;  // mail.template: a name under templates/ (default key-link) or a path
  Mailbox from;              // mail.from
  Mailbox replyTo;           // mail.reply_to, optional
  std::string eventName;     // event.name
  int perMinute = 0;         // mail.per_minute: at most this many messages a minute; 0 no limit
  int maxAttempts = 3;       // mail.max_attempts: refused sends to one address before giving up
};

// Reads the mail.* keys. Throws ConfigurationError naming the key for a missing or bad mail.from,
// mail.reply_to or number.
MailConfig readMailConfig(const Settings& settings);

// Makes the real mailer from the settings (SmtpMailer); tests pass one that returns a fake.
using MailerFactory = std::function<std::unique_ptr<Mailer>(const Settings&)>;

class MailStep : public Step {
 public:
  MailStep();  // sends through SmtpMailer
  explicit MailStep(MailerFactory smtp);

  const char* name() const override { return "mail"; }

  // Sends what is due: no mail for withdrawn registrants, registrants without an address or link,
  // or a (registrant, link) already sent unless RunOptions::resend names it (or "all"). A refused
  // recipient or a malformed address is a failed row and a problem, tried again next run up to
  // mail.max_attempts. A lost connection throws TemporaryError; what was accepted before it is
  // recorded. A dry run writes .eml files to mail.outbox (default <out.dir>/outbox), adds plan
  // lines and records nothing; mail.enabled = false with mail.outbox writes the files and records
  // them as 'outbox', still to be sent by a later enabled run.
  StepResult run(RunContext& context) override;

 private:
  MailerFactory smtp_;
};

}  // namespace racesync
