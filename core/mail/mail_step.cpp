#include "core/mail/mail_step.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <algorithm>
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

// Candidates are read, planned and mailed a page at a time: the step holds one page, never every
// registrant.
constexpr long long kPageSize = 500;

// What the plans of all pages decided, for the summary.
struct MailCounts {
  std::map<MailAction, long long> actions;
  long long noAddress = 0;
  long long noLink = 0;

  long long of(MailAction action) const {
    auto found = actions.find(action);
    return found == actions.end() ? 0 : found->second;
  }
  void add(const MailPlan& plan) {
    for (const auto& d : plan.decisions) ++actions[d.action];
  }
};

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

// The next page of candidates after `query.afterId`, with which of their QR codes are on disk.
MailInputs readPage(MailRecords& records, const CandidateQuery& query, const std::string& outDir) {
  MailInputs inputs;
  inputs.candidates = records.candidates(query);
  for (const auto& c : inputs.candidates) {
    if (!c.qrFile.empty() && Poco::File(outDir + c.qrFile).exists()) {
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

void summarize(StepResult& result, const MailCounts& counts, const MailTally& tally,
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
  result.count("failed", counts.of(MailAction::kMalformed) + tally.rejected);
  result.count("already_sent", counts.of(MailAction::kAlreadySent));
  result.count("in_doubt", counts.of(MailAction::kInDoubt) + tally.inDoubt);
  result.count("gave_up", counts.of(MailAction::kGaveUp));
  result.count("qr_missing", counts.of(MailAction::kQrMissing));
  result.count("no_address", counts.noAddress);
  result.count("no_link", counts.noLink);
  if (!tally.perLanguage.empty()) {
    result.note("mails per language: " + languagesText(tally.perLanguage));
  }
  if (dryRun && tally.written > 0) {
    result.note(std::to_string(tally.written) + " messages written to " + route.outboxDir);
  }
}

std::string finishedText(const MailCounts& counts, const MailTally& tally, const MailRoute& route) {
  bool dryRun = route.mode == MailRoute::Mode::kDryRun;
  bool outbox = route.mode == MailRoute::Mode::kOutbox;
  return std::to_string(route.writesFiles() ? tally.written : tally.sent) +
         (dryRun   ? " would be sent"
          : outbox ? " written to the outbox"
                   : " sent") +
         ", " + std::to_string(counts.of(MailAction::kMalformed) + tally.rejected) + " failed, " +
         std::to_string(counts.of(MailAction::kAlreadySent)) + " already sent, " +
         std::to_string(counts.of(MailAction::kInDoubt)) + " in doubt";
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
  MailConfig config = readMailConfig(context.settings);
  MailRules rules = rulesFor(config, context.options);
  MailRecords records(context.store);
  // mail.template, and the template of each language the candidates ask for that has one.
  MailTemplates templates =
      MailTemplates::load(context.settings, config.templateName, records.candidateLanguages());

  // Without --resend, what is done is only counted: nothing to send reads next to nothing.
  CandidateQuery query;
  query.includeDone = !rules.resend.empty();
  query.mailEnabled = config.enabled;
  query.limit = kPageSize;
  MailCounts counts;
  counts.noAddress = records.withoutAddress();
  counts.noLink = records.withoutLink();
  if (!query.includeDone)
    counts.actions[MailAction::kAlreadySent] = records.countDone(config.enabled);
  context.progress.stepStarted(kStep, records.countCandidates(query));

  // Per page: read, plan, print the plan (dry run), carry it out (a dry run writes .eml files).
  const std::string outDir = Poco::Path(context.settings.outDir()).makeDirectory().toString();
  MailDispatcher dispatcher(context, config, templates, route, mailers_, records);
  std::set<std::string> named;  // the --resend ids found among the candidates
  for (;;) {
    MailInputs page = readPage(records, query, outDir);
    if (page.candidates.empty()) break;
    query.afterId = page.candidates.back().id;
    MailPlan plan = planMail(page, rules, templates);
    for (const auto& c : page.candidates) {
      if (std::find(rules.resend.begin(), rules.resend.end(), c.id) != rules.resend.end()) {
        named.insert(c.id);
      }
    }
    if (route.mode == MailRoute::Mode::kDryRun) {
      for (const auto& line : describe(plan)) context.plan.add(kStep, line);
    }
    counts.add(plan);
    dispatcher.apply(plan);
  }
  MailTally tally = dispatcher.finish();
  for (const auto& id : unknownResends(rules.resend, named)) {
    result.note("--resend " + id + ": no active registrant with an address and a link");
  }
  summarize(result, counts, tally, route);
  context.progress.stepFinished(kStep, finishedText(counts, tally, route));
  return result;
}

}  // namespace racesync
