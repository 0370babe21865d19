// Carries out a MailPlan: composes each planned message, paces, hands it to the route's mailer and
// records every attempt at once; records the plan's problems. A dry run writes .eml files only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/mail/mail_config.h"
#include "core/mail/mail_plan.h"
#include "core/mail/mailer.h"
#include "core/run/step.h"

namespace racesync {

class MailRecords;
class MailTemplates;

// What carrying out the plan did.
struct MailTally {
  long long sent = 0;      // accepted by the SMTP server
  long long written = 0;   // written as .eml files (outbox route, dry run)
  long long rejected = 0;  // refused by the server: failed attempts
  // Messages sent or written, per language of their template ("" when mail.template's language
  // is unknown).
  std::map<std::string, long long> perLanguage;
};

class MailDispatcher {
 public:
  // Borrows everything; `context` gives the settings, store, clock, progress and options.
  MailDispatcher(RunContext& context, const MailConfig& config, const MailTemplates& templates,
                 const MailRoute& route, const MailerFactory& mailers, MailRecords& records);

  // Walks the plan's decisions in order. Each attempt is recorded in its own transaction (none in
  // a dry run); the step's problems are replaced at the end, and before any exception, with those
  // found so far. Throws TemporaryError when the connection is lost (what was accepted before is
  // recorded), InputError for an unreadable QR code, and what the mailer throws.
  MailTally apply(const MailPlan& plan);

 private:
  void handle(const MailDecision& decision);
  void send(const MailDecision& decision, const std::string& at);
  void record(const MailDecision& decision, MailState state, const std::string& messageId,
              int attempts, const std::string& error, const std::string& at);
  std::unique_ptr<Poco::Net::MailMessage> compose(const MailDecision& decision) const;
  void pace();
  Mailer& mailer();
  void recordProblems();

  RunContext& context_;
  const MailConfig& config_;
  const MailTemplates& templates_;
  const MailRoute& route_;
  const MailerFactory& mailers_;
  MailRecords& records_;
  std::unique_ptr<Mailer> mailer_;  // made when the first message is due
  std::int64_t intervalMs_;         // between messages, 0 for no pacing
  std::int64_t lastSendMs_ = -1;
  std::vector<Problem> problems_;
  MailTally tally_;
};

}  // namespace racesync
