#include "core/mail/smtp_mailer.h"

#include <Poco/Environment.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>

#include <mutex>
#include <sstream>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/mail/mail_message.h"

namespace racesync {

namespace {

Poco::Net::Context::Ptr tlsContext(const std::string& caFile) {
  // Peers are verified against the system CA store plus caFile; an unverifiable certificate is
  // rejected without asking anyone (Poco's default handler would prompt on the console).
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Net::SSLManager::InvalidCertificateHandlerPtr reject(
        new Poco::Net::RejectCertificateHandler(false));  // SharedPtr owns it
    Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, nullptr);
  });
  return new Poco::Net::Context(  // Ptr owns it
      Poco::Net::Context::TLS_CLIENT_USE, "", "", caFile, Poco::Net::Context::VERIFY_RELAXED, 9,
      true, "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
}

int statusClass(int status) { return status / 100; }

std::string oneLine(const std::string& response) {
  std::string line = response;
  for (char& c : line) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return Poco::trim(line);
}

}  // namespace

// Poco's session, opened up where Poco keeps things protected: the EHLO answer (to see STARTTLS
// and AUTH), the socket (to start TLS with our own context and host name) and the login methods.
class SmtpMailer::Session : public Poco::Net::SMTPClientSession {
 public:
  Session(const Poco::Net::StreamSocket& socket, std::string host)
      : SMTPClientSession(socket), host_(std::move(host)) {}

  std::string hello(const std::string& name) {
    std::string response;
    login(name, response);
    return response;
  }
  void startTls(Poco::Net::Context::Ptr context) {
    socket() = Poco::Net::SecureStreamSocket::attach(socket(), host_, context);
  }
  void plain(const std::string& user, const std::string& password) {
    loginUsingPlain(user, password);
  }
  void loginMethod(const std::string& user, const std::string& password) {
    loginUsingLogin(user, password);
  }

 private:
  std::string host_;
};

bool isLoopbackHost(const std::string& host) {
  if (Poco::toLower(host) == "localhost") return true;
  Poco::Net::IPAddress address;
  return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

SmtpSettings readSmtpSettings(const Settings& settings) {
  SmtpSettings s;
  s.host = settings.required("mail.smtp.host", "the SMTP server, or mail.enabled = false");
  std::string tls = Poco::toLower(settings.text("mail.smtp.tls"));
  if (tls == "starttls") {
    s.tls = SmtpSettings::Tls::kStartTls;
  } else if (tls == "implicit") {
    s.tls = SmtpSettings::Tls::kImplicit;
  } else if (tls == "none") {
    s.tls = SmtpSettings::Tls::kNone;
  } else {
    throw ConfigurationError("mail.smtp.tls: '" + tls +
                             "' is not a TLS mode: use starttls, implicit or none");
  }
  if (s.tls == SmtpSettings::Tls::kNone && !isLoopbackHost(s.host)) {
    throw ConfigurationError("mail.smtp.tls: none is only allowed towards a loopback host, not '" +
                             s.host + "': use starttls or implicit");
  }
  int defaultPort = s.tls == SmtpSettings::Tls::kImplicit ? 465
                    : s.tls == SmtpSettings::Tls::kNone   ? 25
                                                          : 587;
  s.port = static_cast<int>(settings.integer("mail.smtp.port", defaultPort));
  s.user = settings.text("mail.smtp.user");
  if (!s.user.empty()) s.password = settings.secret("SMTP_PASSWORD", "the SMTP password");
  s.timeoutMs = static_cast<int>(settings.integer("mail.smtp.timeout_ms"));
  s.caFile = settings.path("mail.smtp.ca_file");
  s.heloName = Poco::Environment::nodeName();
  if (s.heloName.empty()) s.heloName = "localhost";
  return s;
}

SmtpMailer::SmtpMailer(SmtpSettings settings) : settings_(std::move(settings)) {}

SmtpMailer::~SmtpMailer() { close(); }

std::string SmtpMailer::place() const {
  return "smtp " + settings_.host + ":" + std::to_string(settings_.port);
}

void SmtpMailer::connect() {
  Poco::Timespan timeout(static_cast<Poco::Timespan::TimeDiff>(settings_.timeoutMs) * 1000);
  Poco::Net::SocketAddress address(settings_.host, static_cast<Poco::UInt16>(settings_.port));
  Poco::Net::Context::Ptr context;
  if (settings_.tls != SmtpSettings::Tls::kNone) context = tlsContext(settings_.caFile);
  std::unique_ptr<Session> session;
  try {
    if (settings_.tls == SmtpSettings::Tls::kImplicit) {
      Poco::Net::SecureStreamSocket socket(context);
      socket.setPeerHostName(settings_.host);
      socket.connect(address, timeout);
      socket.setNoDelay(true);
      session = std::make_unique<Session>(socket, settings_.host);
    } else {
      Poco::Net::StreamSocket socket;
      socket.connect(address, timeout);
      // SMTP is a dialogue of small writes: without TCP_NODELAY, Nagle's algorithm meets the
      // server's delayed ACK and every message waits ~40 ms (20 messages a second on loopback).
      socket.setNoDelay(true);
      session = std::make_unique<Session>(socket, settings_.host);
    }
    session->setTimeout(timeout);
    std::string features = session->hello(settings_.heloName);
    if (settings_.tls == SmtpSettings::Tls::kStartTls) {
      if (Poco::toUpper(features).find("STARTTLS") == std::string::npos) {
        throw RemoteError(place() + ": the server offers no STARTTLS: use mail.smtp.tls = " +
                          "implicit (usually port 465), or ask the provider for the right port");
      }
      std::string response;
      int status = session->sendCommand("STARTTLS", response);
      if (statusClass(status) != 2) {
        throw RemoteError(place() + ": STARTTLS refused: " + oneLine(response));
      }
      session->startTls(context);
      features = session->hello(settings_.heloName);  // RFC 3207: forget what was said before TLS
    }
    if (!settings_.user.empty()) {
      std::string upper = Poco::toUpper(features);
      if (upper.find("AUTH") == std::string::npos) {
        throw RemoteError(place() + ": the server offers no login (AUTH): remove mail.smtp.user " +
                          "or use another port");
      }
      try {
        if (upper.find("PLAIN") != std::string::npos) {
          session->plain(settings_.user, settings_.password);
        } else {
          session->loginMethod(settings_.user, settings_.password);
        }
      } catch (const Poco::Net::SMTPException& e) {
        throw RemoteError(place() + ": login as '" + settings_.user + "' refused: " +
                          oneLine(e.message()) + ": check mail.smtp.user and SMTP_PASSWORD");
      }
    }
  } catch (const Poco::Net::SSLException& e) {
    throw RemoteError(
        place() + ": TLS failed: " + e.displayText() +
        ": check mail.smtp.host against the server's certificate (or mail.smtp.ca_file)");
  }
  session_ = std::move(session);
}

MailDelivery SmtpMailer::lost(const std::string& detail) {
  session_.reset();
  return {MailDelivery::Result::kConnectionFailed, place() + ": " + detail};
}

MailDelivery SmtpMailer::send(const Envelope& envelope, const std::string& message,
                              const HandOver& handOver) {
  try {
    if (!session_) connect();
    std::string response;
    int status = session_->sendCommand("MAIL FROM:<" + envelope.from + ">", response);
    if (statusClass(status) == 5) {
      throw RemoteError(place() + ": sender <" + envelope.from + "> refused: " + oneLine(response) +
                        ": check mail.from against what the account may use");
    }
    if (statusClass(status) != 2) {
      return lost(oneLine(response));
    }
    status = session_->sendCommand("RCPT TO:<" + envelope.to + ">", response);
    if (statusClass(status) != 2) {
      std::string reset;
      session_->sendCommand("RSET", reset);
      return {MailDelivery::Result::kRejected, oneLine(response)};
    }
    status = session_->sendCommand("DATA", response);
    if (statusClass(status) != 3) {
      std::string reset;
      session_->sendCommand("RSET", reset);
      if (statusClass(status) == 5) return {MailDelivery::Result::kRejected, oneLine(response)};
      return lost(oneLine(response));
    }
  } catch (const Poco::Net::SMTPException& e) {
    // A refused greeting or EHLO: the service is there but not serving now.
    return lost(oneLine(e.displayText()));
  } catch (const Poco::IOException& e) {
    return lost(e.displayText());
  } catch (const Poco::TimeoutException& e) {
    return lost(e.displayText());
  }
  handOver();  // from here on the message may arrive
  return sendText(message);
}

MailDelivery SmtpMailer::sendText(const std::string& message) {
  std::istringstream text(message);
  try {
    session_->sendMessage(text);  // dot-stuffs, ends with "." and checks the answer
  } catch (const Poco::Net::SMTPException& e) {
    if (statusClass(e.code()) == 5) {
      return {MailDelivery::Result::kRejected, oneLine(e.message())};
    }
    if (statusClass(e.code()) == 4) return lost(oneLine(e.message()));  // refused for now
    // No status at all: the connection closed before an answer. Poco words that "the server
    // rejected the message", which is exactly what is not known.
    return inDoubt("no answer (the connection was closed)");
  } catch (const Poco::IOException& e) {
    return inDoubt(e.displayText());
  } catch (const Poco::TimeoutException& e) {
    return inDoubt(e.displayText());
  }
  return {MailDelivery::Result::kAccepted, ""};
}

MailDelivery SmtpMailer::inDoubt(const std::string& detail) {
  session_.reset();
  return {MailDelivery::Result::kInDoubt,
          place() +
              ": the connection was lost after the message was sent, before the server "
              "answered: " +
              detail};
}

void SmtpMailer::close() {
  if (!session_) return;
  try {
    session_->close();
  } catch (const Poco::Exception&) {
    // QUIT is a courtesy: the messages are already accepted and recorded.
  }
  session_.reset();
}

}  // namespace racesync
