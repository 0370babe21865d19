// The mail step of `racesync run`: one message per active registrant with an address and a link,
// at most once per (registrant, link), recorded as sent only after the server accepted it.
#pragma once

#include "core/mail/mail_config.h"
#include "core/mail/mailer.h"
#include "core/run/step.h"

namespace racesync {

class MailStep : public Step {
 public:
  // `mailers` makes the mailer of the run's route (jobs/wiring.h realMailers(): SMTP, or .eml
  // files in the outbox folder); tests pass one that makes fakes.
  explicit MailStep(MailerFactory mailers);

  const char* name() const override { return "mail"; }

  // Reads the candidates, plans (mail_plan.h), then prints the plan (dry run) and carries it out
  // (mail_dispatcher.h). Sends what is due: no mail for withdrawn registrants, registrants without
  // an address or link, or a (registrant, link) already sent unless RunOptions::resend names it
  // (or "all"). A refused recipient or a malformed address is a failed row and a problem, tried
  // again next run up to mail.max_attempts. A lost connection throws TemporaryError; what was
  // accepted before it is recorded. A dry run writes .eml files to mail.outbox (default
  // <out.dir>/outbox), adds plan lines and records nothing; mail.enabled = false with mail.outbox
  // writes the files and records them as 'outbox', still to be sent by a later enabled run.
  StepResult run(RunContext& context) override;

 private:
  MailerFactory mailers_;
};

}  // namespace racesync
