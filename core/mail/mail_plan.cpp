#include "core/mail/mail_plan.h"

#include <Poco/Path.h>

#include "core/mail/event_date.h"

#include <algorithm>

namespace racesync {

namespace {

const char* const kStep = "mail";

Problem problemOf(const MailCandidate& c, const std::string& code, const std::string& message,
                  const std::string& hint) {
  return Problem{kStep, "", 0, c.id, code, message, hint};
}

bool isSent(const MailCandidate& c) { return c.mail && c.mail->state == MailState::kSent; }

bool isInDoubt(const MailCandidate& c) { return c.mail && c.mail->state == MailState::kSending; }

// Done until --resend names it: sent, or, with mail off, already written to the outbox.
bool isDone(const MailCandidate& c, const MailRules& rules) {
  return isSent(c) || (!rules.mailEnabled && c.mail && c.mail->state == MailState::kOutbox);
}

bool qrReady(const MailCandidate& c, const std::set<std::string>& onDisk) {
  return !c.qrFile.empty() && onDisk.count(c.qrFile) > 0 &&
         (c.qrLink.empty() || c.qrLink == c.link);
}

// The message of a kSend decision: Message-ID, recipient, template fields and subject.
void planMessage(MailDecision& d, const MailRules& rules, const MailTemplates& templates) {
  const MailCandidate& c = d.candidate;
  d.language = templates.languageOf(c.language);
  // An in-doubt message sent again keeps its Message-ID, so that a mail client can tell the copies.
  d.messageId =
      messageIdFor(c.id, c.link, isSent(c) || isInDoubt(c) ? c.mail->sends : 0, rules.senderDomain);
  d.to = Mailbox{c.name.empty() ? c.firstName + " " + c.lastName : c.name, c.email};
  std::string cid = "qr-" + d.messageId.substr(1, d.messageId.size() - 2);
  MailFields& f = d.fields;
  f.eventName = rules.eventName;
  f.firstName = c.firstName;
  f.lastName = c.lastName;
  f.fullName = d.to.name;
  f.bib = c.bib;
  f.race = c.race;
  f.key = c.key;
  f.link = c.link;
  f.qrSrc = "cid:" + cid;
  f.qrFile = Poco::Path(c.qrFile).getFileName();
  f.eventDate = formatEventDate(rules.eventDate, d.language);
  f.startTime = rules.eventDate.empty() ? std::string() : rules.startTime;
  f.contact = rules.contact;
  f.appStoreUrl = rules.appStoreUrl;
  f.playStoreUrl = rules.playStoreUrl;
  f.language = d.language;
  d.subject = templates.forLanguage(d.language).subject(d.fields);
}

MailDecision decide(const MailCandidate& c, bool forced, const MailInputs& inputs,
                    const MailRules& rules) {
  MailDecision d;
  d.candidate = c;
  if (isDone(c, rules) && !forced) {
    d.action = MailAction::kAlreadySent;
    return d;
  }
  if (isInDoubt(c) && !forced) {
    d.action = MailAction::kInDoubt;
    d.problem = problemOf(
        c, "mail_in_doubt",
        d.who() + ": in doubt: message " + c.mail->messageId + " was handed to the mail server " +
            c.mail->updatedAt + " but its answer was never recorded (the run stopped): it may " +
            "have arrived",
        "ask the registrant, or check the server's log; racesync sends it again only with "
        "--resend in-doubt (or --resend " +
            c.id + ")");
    return d;
  }
  // Attempts count per address: a corrected address starts afresh.
  d.attempts = c.mail && c.mail->email == c.email ? c.mail->attempts : 0;
  if (c.mail && c.mail->state == MailState::kFailed && d.attempts >= rules.maxAttempts && !forced) {
    d.action = MailAction::kGaveUp;
    d.problem =
        problemOf(c, "mail_gave_up",
                  d.who() + ": not mailed after " + std::to_string(d.attempts) +
                      " attempts: " + c.mail->lastError,
                  "fix the address in the registration export, or run with --resend " + c.id);
  } else if (!isPlausibleAddress(c.email)) {
    d.action = MailAction::kMalformed;
    d.problem = problemOf(c, "malformed_address", d.who() + ": the address is malformed",
                          "fix the address in the registration export");
  } else if (!qrReady(c, inputs.qrFilesOnDisk)) {
    d.action = MailAction::kQrMissing;
    d.problem = problemOf(c, "qr_missing",
                          "registration " + c.id + ": no QR code for the current link" +
                              (c.qrFile.empty() ? std::string() : " in " + c.qrFile),
                          "run the links step, then mail again");
  }
  return d;
}

}  // namespace

std::string MailDecision::who() const {
  return "registration " + candidate.id + " <" + candidate.email + ">";
}

long long MailPlan::count(MailAction action) const {
  return std::count_if(decisions.begin(), decisions.end(),
                       [&](const MailDecision& d) { return d.action == action; });
}

const char* const kResendInDoubt = "in-doubt";

MailPlan planMail(const MailInputs& inputs, const MailRules& rules,
                  const MailTemplates& templates) {
  MailPlan plan;
  plan.noAddress = inputs.noAddress;
  plan.noLink = inputs.noLink;
  auto named = [&](const std::string& id) {
    return std::find(rules.resend.begin(), rules.resend.end(), id) != rules.resend.end();
  };
  if (!rules.resend.empty()) {
    std::set<std::string> ids;
    for (const auto& c : inputs.candidates) ids.insert(c.id);
    plan.unknownResends = unknownResends(rules.resend, ids);
  }
  for (const auto& candidate : inputs.candidates) {
    MailCandidate c = candidate;
    // --to: this once, the mail goes to another address, which is also what gets recorded.
    if (!rules.resendTo.empty() && named(c.id)) c.email = rules.resendTo;
    bool forced = named("all") || named(c.id) || (named(kResendInDoubt) && isInDoubt(c));
    MailDecision d = decide(c, forced, inputs, rules);
    if (d.action == MailAction::kSend) planMessage(d, rules, templates);
    plan.decisions.push_back(std::move(d));
  }
  return plan;
}

std::vector<std::string> unknownResends(const std::vector<std::string>& resend,
                                        const std::set<std::string>& candidateIds) {
  std::vector<std::string> unknown;
  for (const auto& id : resend) {
    if (id != "all" && id != kResendInDoubt && candidateIds.count(id) == 0) unknown.push_back(id);
  }
  return unknown;
}

std::vector<std::string> describe(const MailPlan& plan) {
  std::vector<std::string> lines;
  for (const auto& d : plan.decisions) {
    if (d.action == MailAction::kMalformed) {
      lines.push_back("skip " + d.who() + ": malformed address");
    } else if (d.action == MailAction::kQrMissing) {
      lines.push_back("skip " + d.who() + ": no QR code yet");
    } else if (d.action == MailAction::kInDoubt) {
      lines.push_back("hold " + d.who() + ": in doubt (--resend in-doubt sends it)");
    } else if (d.action == MailAction::kSend) {
      lines.push_back("send '" + d.subject + "' to " + d.who() +
                      (d.candidate.language.empty() ? "" : " in " + d.language));
    }
  }
  return lines;
}

}  // namespace racesync
