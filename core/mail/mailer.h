// How a mail leaves racesync: one message to one recipient, and what became of it. SmtpMailer
// sends through an SMTP server, OutboxMailer writes .eml files; tests pass fakes. Which one a run
// uses follows from its MailRoute, through a MailerFactory that jobs/ provides.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace racesync {

class Settings;

// The SMTP envelope: bare addresses for MAIL FROM and RCPT TO.
struct Envelope {
  std::string from;
  std::string to;
  std::string name;  // what the message is about (the registration id): file names, logs
};

struct MailDelivery {
  enum class Result {
    kAccepted,          // the server took the message: record it as sent
    kRejected,          // the server refused this recipient or this message: a row-level outcome
    kConnectionFailed,  // no answer, a dropped connection or a temporary refusal before the
                        // message was complete: certainly not delivered; stop, try later
    kInDoubt,           // the connection was lost after the message was handed over and before
                        // the server's answer: it may have been stored; stop, never resend it
                        // unasked
  };
  Result result = Result::kAccepted;
  std::string detail;  // the server's answer or the network error, for the store and the report
};

// Called by a Mailer once per message, just before the message itself goes out (before SMTP
// DATA's text, before an .eml file is written), after which it may arrive: the caller records its
// intent there. When it throws, the Mailer sends nothing more of this message and lets the
// exception through.
using HandOver = std::function<void()>;

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Sends `message` (the text composeMail made, CRLF line ends) to `envelope.to`, calling
  // `handOver` exactly once before the message's content leaves (not at all when the server refused
  // the recipient or the session failed before). Returns the outcome; throws RemoteError when the
  // server refuses the credentials or the sender (no message can go), ConfigurationError for a
  // setting that cannot work, and what `handOver` throws.
  virtual MailDelivery send(const Envelope& envelope, const std::string& message,
                            const HandOver& handOver) = 0;
  // Ends the session politely (SMTP QUIT). Never throws.
  virtual void close() {}
};

// Where a run's messages go, from mail.enabled, mail.outbox and --dry-run (mailRouteFor).
struct MailRoute {
  enum class Mode {
    kOff,     // mail.enabled = false without mail.outbox: nothing is written or sent
    kSmtp,    // sent through the SMTP server (mail.smtp.*)
    kOutbox,  // mail.enabled = false with mail.outbox: .eml files, recorded as 'outbox'
    kDryRun,  // --dry-run: .eml files in the outbox folder, nothing recorded
  };
  Mode mode = Mode::kSmtp;
  std::string outboxDir;  // the folder kOutbox and kDryRun write to

  bool writesFiles() const { return mode == Mode::kOutbox || mode == Mode::kDryRun; }
};

// Makes the mailer of a route other than kOff (an SMTP one for kSmtp, an outbox one otherwise),
// when a run's first message is due. May throw ConfigurationError for settings that cannot work.
using MailerFactory = std::function<std::unique_ptr<Mailer>(const Settings&, const MailRoute&)>;

}  // namespace racesync
