// How a mail leaves racesync: one message to one recipient, and what became of it. SmtpMailer
// sends through an SMTP server, OutboxMailer writes .eml files; tests pass fakes.
#pragma once

#include <Poco/Net/MailMessage.h>

#include <string>

namespace racesync {

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
    kConnectionFailed,  // no answer, a dropped connection or a temporary refusal: stop, try later
  };
  Result result = Result::kAccepted;
  std::string detail;  // the server's answer or the network error, for the store and the report
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Sends `message` (written once, as composeMail says) to `envelope.to`. Returns the outcome;
  // throws RemoteError when the server refuses the credentials or the sender (no message can go),
  // ConfigurationError for a setting that cannot work.
  virtual MailDelivery send(const Envelope& envelope, const Poco::Net::MailMessage& message) = 0;
  // Ends the session politely (SMTP QUIT). Never throws.
  virtual void close() {}
};

}  // namespace racesync
