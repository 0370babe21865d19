// The real Mailer: one SMTP session (plain, STARTTLS or implicit TLS, with login) reused for every
// message of a run, built on Poco::Net::SMTPClientSession.
#pragma once

#include <memory>
#include <string>

#include "core/mail/mailer.h"

namespace racesync {

class Settings;

struct SmtpSettings {
  enum class Tls { kStartTls, kImplicit, kNone };
  std::string host;
  int port = 587;
  Tls tls = Tls::kStartTls;
  std::string user;      // "" for no login
  std::string password;  // from SMTP_PASSWORD, only when user is set
  int timeoutMs = 30000;
  std::string caFile;  // extra trusted CA certificates (PEM) besides the system's, "" for none
  std::string heloName;
};

// Reads mail.smtp.* (and SMTP_PASSWORD when mail.smtp.user is set). Throws ConfigurationError
// for a missing host, an unknown TLS mode, or tls = none towards a host that is not loopback.
SmtpSettings readSmtpSettings(const Settings& settings);

// True for "localhost" and loopback addresses (127.0.0.0/8, ::1); no name is looked up.
bool isLoopbackHost(const std::string& host);

class SmtpMailer : public Mailer {
 public:
  // Connects lazily, on the first send.
  explicit SmtpMailer(SmtpSettings settings);
  ~SmtpMailer() override;

  // Connects (and logs in) when there is no session yet, then MAIL FROM, RCPT TO, DATA; calls
  // `handOver` once DATA is answered 354, then sends the text. A refused recipient resets the
  // transaction (RSET) and keeps the session for the next message; a network error or a 4xx
  // outside RCPT drops it. A network error or timeout after `handOver` is kInDoubt (the server
  // may have stored the message), never kRejected. Throws RemoteError for refused credentials, a
  // refused sender, a missing STARTTLS or a certificate that does not verify.
  MailDelivery send(const Envelope& envelope, const std::string& message,
                    const HandOver& handOver) override;
  void close() override;

 private:
  class Session;
  void connect();
  std::string place() const;
  // Drops the session and reports a connection failure, the place first.
  MailDelivery lost(const std::string& detail);
  // Drops the session and reports a message that may or may not have arrived.
  MailDelivery inDoubt(const std::string& detail);
  // The message text after DATA was answered 354, and the server's answer to it.
  MailDelivery sendText(const std::string& message);

  SmtpSettings settings_;
  std::unique_ptr<Session> session_;
};

}  // namespace racesync
