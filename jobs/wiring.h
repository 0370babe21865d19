// The wiring of a real run: which step a name stands for and the collaborators each is given.
// Only jobs/ knows every module; core/ modules know the ones below them.
#pragma once

#include "core/mail/mailer.h"
#include "core/run/pipeline.h"

namespace racesync {

// The steps of `racesync run` with their real collaborators: import reads CSV files or RACE
// RESULT, raceranger backs off with a random jitter, raceresult writes keys and links back into
// RACE RESULT, mail goes through realMailers().
StepFactory realSteps();

// The real mailers: an SmtpMailer (mail.smtp.*) for a run that sends, an OutboxMailer writing .eml
// files into the route's outbox folder for a dry run and for mail.enabled = false.
MailerFactory realMailers();

}  // namespace racesync
