#include "core/mail/mail_step.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <map>
#include <set>

#include "core/config/settings.h"
#include "core/mail/mail_dispatcher.h"
#include "core/mail/mail_plan.h"
#include "core/mail/mail_templates.h"
#include "core/run/progress.h"
#include "core/store/mail_records.h"

namespace racesync {

namespace {

const char* const kStep = "mail";

// mail.template, and the template of each language the candidates ask for that has one.
MailTemplates loadTemplates(const Settings& settings, const MailConfig& config,
                            const std::vector<MailCandidate>& candidates) {
  std::set<std::string> languages;
  for (const auto& c : candidates) languages.insert(c.language);
  return MailTemplates::load(settings, config.templateName, languages);
}

// "de 120, en 255, mail.template 3": how many mails went out in each language.
std::string languagesText(const std::map<std::string, long long>& perLanguage) {
  std::string text;
  for (const auto& [language, count] : perLanguage) {
    text += (text.empty() ? "" : ", ") +
            (language.empty() ? std::string("mail.template") : language) + " " +
            std::to_string(count);
  }
  return text;
}

MailInputs readInputs(MailRecords& records, const Settings& settings) {
  MailInputs inputs;
  inputs.candidates = records.candidates();
  inputs.noAddress = records.withoutAddress();
  inputs.noLink = records.withoutLink();
  Poco::Path outDir = Poco::Path(settings.outDir()).makeDirectory();
  for (const auto& c : inputs.candidates) {
    if (!c.qrFile.empty() && Poco::File(Poco::Path(outDir, c.qrFile)).exists()) {
      inputs.qrFilesOnDisk.insert(c.qrFile);
    }
  }
  return inputs;
}

MailRules rulesFor(const MailConfig& config, const RunOptions& options) {
  const std::string& from = config.from.address;
  auto at = from.rfind('@');
  MailRules rules;
  rules.mailEnabled = config.enabled;
  rules.maxAttempts = config.maxAttempts;
  rules.resend = options.resend;
  rules.resendTo = options.resendTo;
  rules.eventName = config.eventName;
  rules.eventDate = config.eventDate;
  rules.startTime = config.startTime;
  rules.contact = config.contact;
  rules.appStoreUrl = config.appStoreUrl;
  rules.playStoreUrl = config.playStoreUrl;
  rules.senderDomain = at == std::string::npos ? std::string() : from.substr(at + 1);
  return rules;
}

void summarize(StepResult& result, const MailPlan& plan, const MailTally& tally,
               const MailRoute& route) {
  bool dryRun = route.mode == MailRoute::Mode::kDryRun;
  bool outbox = route.mode == MailRoute::Mode::kOutbox;
  if (dryRun) {
    result.count("would_send", tally.written);
  } else if (outbox) {
    result.count("written", tally.written);
    result.note("mail.enabled is false: " + std::to_string(tally.written) +
                " messages written to " + route.outboxDir + ", none sent");
  } else {
    result.count("sent", tally.sent);
  }
  result.count("failed", plan.count(MailAction::kMalformed) + tally.rejected);
  result.count("already_sent", plan.count(MailAction::kAlreadySent));
  result.count("in_doubt", plan.count(MailAction::kInDoubt) + tally.inDoubt);
  result.count("gave_up", plan.count(MailAction::kGaveUp));
  result.count("qr_missing", plan.count(MailAction::kQrMissing));
  result.count("no_address", plan.noAddress);
  result.count("no_link", plan.noLink);
  if (!tally.perLanguage.empty()) {
    result.note("mails per language: " + languagesText(tally.perLanguage));
  }
  if (dryRun && tally.written > 0) {
    result.note(std::to_string(tally.written) + " messages written to " + route.outboxDir);
  }
}

std::string finishedText(const MailPlan& plan, const MailTally& tally, const MailRoute& route) {
  bool dryRun = route.mode == MailRoute::Mode::kDryRun;
  bool outbox = route.mode == MailRoute::Mode::kOutbox;
  return std::to_string(route.writesFiles() ? tally.written : tally.sent) +
         (dryRun   ? " would be sent"
          : outbox ? " written to the outbox"
                   : " sent") +
         ", " + std::to_string(plan.count(MailAction::kMalformed) + tally.rejected) + " failed, " +
         std::to_string(plan.count(MailAction::kAlreadySent)) + " already sent, " +
         std::to_string(plan.count(MailAction::kInDoubt)) + " in doubt";
}

}  // namespace

MailStep::MailStep(MailerFactory mailers) : mailers_(std::move(mailers)) {}

StepResult MailStep::run(RunContext& context) {
  StepResult result;
  MailRoute route = mailRouteFor(context.settings, context.options.dryRun);
  if (route.mode == MailRoute::Mode::kOff) {
    result.note("mail.enabled is false and mail.outbox is unset: no mail written or sent");
    return result;
  }
  // Read.
  MailConfig config = readMailConfig(context.settings);
  MailRecords records(context.store);
  MailInputs inputs = readInputs(records, context.settings);
  MailTemplates templates = loadTemplates(context.settings, config, inputs.candidates);

  // Plan, print it (dry run), carry it out (a dry run writes the .eml files).
  MailPlan plan = planMail(inputs, rulesFor(config, context.options), templates);
  for (const auto& id : plan.unknownResends) {
    result.note("--resend " + id + ": no active registrant with an address and a link");
  }
  if (route.mode == MailRoute::Mode::kDryRun) {
    for (const auto& line : describe(plan)) context.plan.add(kStep, line);
  }
  MailTally tally =
      MailDispatcher(context, config, templates, route, mailers_, records).apply(plan);
  summarize(result, plan, tally, route);
  context.progress.stepFinished(kStep, finishedText(plan, tally, route));
  return result;
}

}  // namespace racesync
