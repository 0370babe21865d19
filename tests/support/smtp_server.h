// A real SMTP server for tests: tests/support/smtp_server.py (aiosmtpd) on 127.0.0.1, started on a
// free port and stopped when the object goes. Saved messages are read back through Python's email
// package (mail_inspect.py), an independent MIME parser.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <memory>
#include <string>
#include <vector>

namespace racesync::test {

struct SmtpServerOptions {
  std::vector<std::string> reject;  // answer 550 to RCPT TO for these addresses
  int dropAfter = -1;               // close the connection at the DATA of message dropAfter + 1
  std::string user;                 // require AUTH with this user and password
  std::string password;
  std::string certFile;  // offer STARTTLS with this certificate (PEM) and key
  std::string keyFile;
  bool implicitTls = false;  // TLS from the first byte instead of STARTTLS
  bool save = true;          // false: accept and forget (the benchmark)
  // "N:STAGE": SIGKILL the process whose id killPidFile holds at message N (from 1), at STAGE
  // mail, rcpt, received, stored, replied or replied-late (smtp_server.py says what each is).
  std::string killAt;
  std::string killPidFile;
};

class SmtpServer {
 public:
  // Starts the server saving into `dir`; returns once it listens. Throws std::runtime_error when
  // it does not start.
  explicit SmtpServer(const std::string& dir, SmtpServerOptions options = {});
  // Closes the server's standard input, which stops it, and waits for it to exit.
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const { return port_; }
  // The summaries of the messages accepted so far, in order: subject, from, to (decoded), raw_*
  // (as on the wire), message_id, registration, tree, text, html, images [{content_id,
  // disposition, filename, path}], defects, mail_from, rcpt_tos.
  std::vector<Poco::JSON::Object::Ptr> messages() const;

 private:
  std::string dir_;
  Poco::Pipe in_;
  Poco::Pipe out_;
  std::unique_ptr<Poco::ProcessHandle> handle_;
  int port_ = 0;
};

// mail_inspect.py's summary of one .eml file; images are written to `prefix`-<n>.png.
Poco::JSON::Object::Ptr inspectMail(const std::string& emlPath, const std::string& prefix);

}  // namespace racesync::test
