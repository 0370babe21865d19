#include "jobs/wiring.h"

#include <random>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/import/import_step.h"
#include "core/links/links_step.h"
#include "core/mail/mail_step.h"
#include "core/mail/outbox_mailer.h"
#include "core/mail/smtp_mailer.h"
#include "core/racemap/keys_step.h"
#include "core/racemap/racemap_step.h"
#include "core/raceranger/raceranger_step.h"
#include "core/raceresult/raceresult_registration_source.h"
#include "core/raceresult/raceresult_step.h"

namespace racesync {

StepFactory realSteps() {
  return [](const std::string& name) -> std::unique_ptr<Step> {
    if (name == "import") {
      return std::make_unique<ImportStep>(
          [](RunContext& context) { return openRaceResultSource(context.http, context.settings); });
    }
    if (name == "raceranger") return std::make_unique<RaceRangerStep>(std::random_device{}());
    if (name == "mail") return std::make_unique<MailStep>(realMailers());
    if (name == "keys") return std::make_unique<KeysStep>();
    if (name == "links") return std::make_unique<LinksStep>();
    if (name == "racemap") return std::make_unique<RacemapStep>();
    if (name == "raceresult") return std::make_unique<RaceResultStep>();
    throw UsageError("--steps: step '" + name + "' is not available in this build");
  };
}

MailerFactory realMailers() {
  return [](const Settings& settings, const MailRoute& route) -> std::unique_ptr<Mailer> {
    if (route.writesFiles())
      return std::make_unique<OutboxMailer>(route.outboxDir, settings.fileModes());
    return std::make_unique<SmtpMailer>(readSmtpSettings(settings));
  };
}

}  // namespace racesync
