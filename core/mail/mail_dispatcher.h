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
#include "core/store/mail_records.h"

namespace racesync {

class MailTemplates;

// What carrying out the plan did.
struct MailTally {
  long long sent = 0;      // accepted by the SMTP server
  long long written = 0;   // written as .eml files (outbox route, dry run)
  long long rejected = 0;  // refused by the server: failed attempts
  long long inDoubt = 0;   // handed over in this run, the answer lost: left 'sending'
  // Messages sent or written, per language of their template ("" when mail.template's language
  // is unknown).
  std::map<std::string, long long> perLanguage;
};

class MailDispatcher {
 public:
  // Borrows everything; `context` gives the settings, store, clock, progress and options.
  MailDispatcher(RunContext& context, const MailConfig& config, const MailTemplates& templates,
                 const MailRoute& route, const MailerFactory& mailers, MailRecords& records);

  // Walks one plan's decisions in order (a run's plans come a page of candidates at a time). On
  // the SMTP route each message is recorded 'sending' in a committed transaction of its own when
  // the mailer hands it over (before DATA's text), then 'sent' or 'failed' by the server's answer
  // at once. What needs no server (a message written to the outbox, a malformed address) is
  // recorded in one transaction at the end of the plan. Nothing is recorded in a dry run. Before
  // an exception leaves, what was done is recorded and the step's problems are replaced with
  // those found so far. Throws StoreError when the state cannot be written (mailing stops before
  // that message goes out), TemporaryError when the connection is lost (a message whose answer
  // was lost stays 'sending': in doubt), InputError for an unreadable QR code, and what the
  // mailer throws.
  void apply(const MailPlan& plan);
  // Ends the session, replaces the step's problems with those of every plan applied, and tells
  // what was done.
  MailTally finish();

 private:
  void handle(const MailDecision& decision);
  void send(const MailDecision& decision, const std::string& at);
  void rejected(const MailDecision& decision, const MailDelivery& delivery, const std::string& at);
  // Ends the session and keeps what was done and the problems found so far, before an exception
  // leaves apply().
  void stopped();
  // Records one attempt now, in a transaction of its own.
  void record(const MailDecision& decision, MailState state, const std::string& messageId,
              int attempts, const std::string& error, const std::string& at);
  // Records one attempt with the plan's others, in one transaction (flushRecords()).
  void recordLater(const MailDecision& decision, MailState state, const std::string& messageId,
                   int attempts, const std::string& error, const std::string& at);
  void flushRecords();
  std::string compose(const MailDecision& decision);
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
  std::uint64_t boundarySeed_;        // drawn once per run, for the messages' MIME boundaries
  std::string outDir_;                // out.dir, where the QR codes are
  std::string qrPng_;                 // the QR code being mailed, its buffer reused
  std::vector<MailAttempt> pending_;  // recordLater()'s attempts not yet written
  std::vector<Problem> problems_;
  MailTally tally_;
};

}  // namespace racesync
