#include "core/mail/mail_dispatcher.h"

#include <Poco/Path.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/mail/mail_templates.h"
#include "core/run/progress.h"
#include "core/store/mail_records.h"

namespace racesync {

namespace {

const char* const kStep = "mail";

// Reads the whole file at `path` into `bytes`, reusing its buffer.
void readBytes(const std::string& path, std::string& bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  bool ok = fd >= 0 && ::fstat(fd, &info) == 0;
  if (ok) {
    bytes.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (ok && done < bytes.size()) {
      ssize_t n = ::read(fd, &bytes[done], bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      ok = n > 0;
      if (ok) done += static_cast<std::size_t>(n);
    }
  }
  if (fd >= 0) ::close(fd);
  if (!ok) throw InputError(path + ": cannot read the QR code: run the links step again");
}

// Messages at least 60000 / perMinute ms apart; files are written as fast as they can be.
std::int64_t intervalFor(const MailRoute& route, int perMinute) {
  if (route.writesFiles() || perMinute <= 0) return 0;
  return static_cast<std::int64_t>(std::ceil(60000.0 / perMinute));
}

}  // namespace

MailDispatcher::MailDispatcher(RunContext& context, const MailConfig& config,
                               const MailTemplates& templates, const MailRoute& route,
                               const MailerFactory& mailers, MailRecords& records)
    : context_(context),
      config_(config),
      templates_(templates),
      route_(route),
      mailers_(mailers),
      records_(records),
      intervalMs_(intervalFor(route, config.perMinute)),
      boundarySeed_(randomBoundarySeed()),
      outDir_(Poco::Path(context.settings.outDir()).makeDirectory().toString()) {}

void MailDispatcher::apply(const MailPlan& plan) {
  try {
    for (const auto& decision : plan.decisions) handle(decision);
    flushRecords();
  } catch (const RacesyncError&) {
    stopped();  // refused credentials or sender, a lost connection, a store that cannot be written
    throw;
  }
}

MailTally MailDispatcher::finish() {
  flushRecords();
  if (mailer_) mailer_->close();
  recordProblems();
  return tally_;
}

void MailDispatcher::handle(const MailDecision& d) {
  bool dryRun = route_.mode == MailRoute::Mode::kDryRun;
  switch (d.action) {
    case MailAction::kAlreadySent:
      return;
    case MailAction::kInDoubt:
      if (!dryRun) problems_.push_back(*d.problem);
      return;
    case MailAction::kGaveUp:
      problems_.push_back(*d.problem);
      return;
    case MailAction::kMalformed:
      if (dryRun) return;
      recordLater(d, MailState::kFailed, "", d.attempts + 1, "malformed address",
                  isoUtc(context_.clock.nowMs()));
      problems_.push_back(*d.problem);
      return;
    case MailAction::kQrMissing:
      if (!dryRun) problems_.push_back(*d.problem);
      return;
    case MailAction::kSend:
      send(d, isoUtc(context_.clock.nowMs()));
      return;
  }
}

void MailDispatcher::send(const MailDecision& d, const std::string& at) {
  const std::string message = compose(d);
  pace();
  bool handedOver = false;
  HandOver handOver = [&] {
    // Committed before the message leaves: a run that dies from here on leaves it in doubt.
    if (route_.mode == MailRoute::Mode::kSmtp) {
      records_.recordIntent({d.candidate.id, d.candidate.link, d.messageId, d.candidate.email,
                             MailState::kSending, d.attempts, "", at});
    }
    handedOver = true;
  };
  MailDelivery delivery = mailer().send(
      Envelope{config_.from.address, d.candidate.email, d.candidate.id}, message, handOver);
  context_.progress.advanced(d.candidate.bib.empty() ? d.candidate.id : "bib " + d.candidate.bib);
  if (route_.writesFiles()) {
    ++tally_.written;
    ++tally_.perLanguage[d.language];
    if (route_.mode == MailRoute::Mode::kOutbox) {
      recordLater(d, MailState::kOutbox, d.messageId, d.attempts, "", at);
    }
    return;
  }
  switch (delivery.result) {
    case MailDelivery::Result::kAccepted:
      ++tally_.sent;
      ++tally_.perLanguage[d.language];
      record(d, MailState::kSent, d.messageId, 0, "", at);
      return;
    case MailDelivery::Result::kRejected:
      rejected(d, delivery, at);
      return;
    case MailDelivery::Result::kConnectionFailed:
      if (handedOver) records_.withdrawIntent(d.candidate.id, d.candidate.link, d.candidate.mail);
      throw TemporaryError(delivery.detail + ": mail stopped after " + std::to_string(tally_.sent) +
                           " sent: the next run sends the rest");
    case MailDelivery::Result::kInDoubt:
      ++tally_.inDoubt;
      throw TemporaryError(delivery.detail + ": " + d.who() +
                           " is in doubt (the server may have stored it): it is not sent again "
                           "unless you run with --resend in-doubt; mail stopped after " +
                           std::to_string(tally_.sent) + " sent: the next run sends the rest");
  }
}

void MailDispatcher::rejected(const MailDecision& d, const MailDelivery& delivery,
                              const std::string& at) {
  ++tally_.rejected;
  record(d, MailState::kFailed, d.messageId, d.attempts + 1, delivery.detail, at);
  problems_.push_back(Problem{kStep, "", 0, d.candidate.id, "recipient_rejected",
                              d.who() + ": refused by the mail server: " + delivery.detail,
                              "check the address; racesync tries again next run (attempt " +
                                  std::to_string(d.attempts + 1) + " of " +
                                  std::to_string(config_.maxAttempts) + ")"});
}

void MailDispatcher::stopped() {
  if (mailer_) mailer_->close();
  try {
    flushRecords();
    recordProblems();
  } catch (const StoreError&) {
    // The store is what failed: the error on its way out says so; the rest waits for a run.
  }
}

void MailDispatcher::record(const MailDecision& d, MailState state, const std::string& messageId,
                            int attempts, const std::string& error, const std::string& at) {
  records_.recordAttempt(
      {d.candidate.id, d.candidate.link, messageId, d.candidate.email, state, attempts, error, at});
}

void MailDispatcher::recordLater(const MailDecision& d, MailState state,
                                 const std::string& messageId, int attempts,
                                 const std::string& error, const std::string& at) {
  pending_.push_back(
      {d.candidate.id, d.candidate.link, messageId, d.candidate.email, state, attempts, error, at});
}

void MailDispatcher::flushRecords() {
  if (pending_.empty()) return;
  std::vector<MailAttempt> attempts;
  attempts.swap(pending_);  // written once, even when writing them fails
  records_.recordAttempts(attempts);
}

std::string MailDispatcher::compose(const MailDecision& d) {
  MailHeaders headers;
  headers.from = config_.from;
  headers.replyTo = config_.replyTo;
  headers.to = d.to;
  headers.messageId = d.messageId;
  headers.dateMs = context_.clock.nowMs();
  headers.registrationId = d.candidate.id;
  MailBody body;
  body.qrCid = d.fields.qrSrc.substr(std::string("cid:").size());
  body.qrFile = d.fields.qrFile;
  readBytes(outDir_ + d.candidate.qrFile, qrPng_);
  body.qrPng.swap(qrPng_);
  body.content = templates_.forLanguage(d.language).render(d.fields);
  std::string text = composeMail(headers, body, boundarySeed_);
  qrPng_.swap(body.qrPng);  // the buffer serves the next message
  return text;
}

void MailDispatcher::pace() {
  if (intervalMs_ == 0) return;
  if (lastSendMs_ >= 0) {
    std::int64_t due = lastSendMs_ + intervalMs_ - context_.clock.nowMs();
    if (due > 0) context_.clock.sleepMs(due);
  }
  lastSendMs_ = context_.clock.nowMs();
}

Mailer& MailDispatcher::mailer() {
  if (!mailer_) mailer_ = mailers_(context_.settings, route_);
  return *mailer_;
}

void MailDispatcher::recordProblems() {
  if (route_.mode != MailRoute::Mode::kDryRun) {
    replaceProblems(context_.store, context_.runId, kStep, problems_);
  }
}

}  // namespace racesync
