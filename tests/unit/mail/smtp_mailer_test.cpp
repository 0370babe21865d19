#include "core/mail/smtp_mailer.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/config/settings.h"

using namespace racesync;

BOOST_AUTO_TEST_SUITE(smtp_mailer_test)

BOOST_AUTO_TEST_CASE(starttls_on_587_is_the_default) {
  SmtpSettings s = readSmtpSettings(Settings::fromString("[mail.smtp]\nhost = smtp.example.org\n"));
  BOOST_TEST(s.host == "smtp.example.org");
  BOOST_TEST(s.port == 587);
  BOOST_TEST((s.tls == SmtpSettings::Tls::kStartTls));
  BOOST_TEST(s.user.empty());
  BOOST_TEST(s.timeoutMs == 30000);
}

BOOST_AUTO_TEST_CASE(implicit_tls_defaults_to_465) {
  SmtpSettings s = readSmtpSettings(
      Settings::fromString("[mail.smtp]\nhost = smtp.example.org\ntls = implicit\n"));
  BOOST_TEST(s.port == 465);
  BOOST_TEST((s.tls == SmtpSettings::Tls::kImplicit));
}

BOOST_AUTO_TEST_CASE(no_tls_only_towards_loopback) {
  for (const char* host : {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
    SmtpSettings s = readSmtpSettings(Settings::fromString(std::string("[mail.smtp]\nhost = ") +
                                                           host + "\ntls = none\nport = 2525\n"));
    BOOST_TEST(s.port == 2525);
  }
  try {
    readSmtpSettings(Settings::fromString("[mail.smtp]\nhost = smtp.example.org\ntls = none\n"));
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "mail.smtp.tls: none is only allowed towards a loopback host, not "
               "'smtp.example.org': use starttls or implicit");
  }
}

BOOST_AUTO_TEST_CASE(unknown_tls_mode_is_a_configuration_error) {
  BOOST_CHECK_THROW(
      readSmtpSettings(Settings::fromString("[mail.smtp]\nhost = smtp.example.org\ntls = ssl\n")),
      ConfigurationError);
}

BOOST_AUTO_TEST_CASE(login_takes_the_password_from_the_environment) {
  std::string ini = "[mail.smtp]\nhost = smtp.example.org\nuser = races@example.org\n";
  SmtpSettings s = readSmtpSettings(Settings::fromString(ini, {{"SMTP_PASSWORD", "pw"}}));
  BOOST_TEST(s.user == "races@example.org");
  BOOST_TEST(s.password == "pw");
  try {
    readSmtpSettings(Settings::fromString(ini));
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message().rfind("environment: SMTP_PASSWORD is not set", 0) == 0u);
  }
}

BOOST_AUTO_TEST_CASE(refused_connection_is_a_connection_failure) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = 1;  // nothing listens on tcpmux
  s.tls = SmtpSettings::Tls::kNone;
  s.timeoutMs = 2000;
  SmtpMailer mailer(s);
  std::string message = "Subject: x\r\n\r\nbody\r\n";
  bool handedOver = false;
  MailDelivery delivery =
      mailer.send({"a@example.org", "b@example.org", "R1"}, message, [&] { handedOver = true; });
  BOOST_TEST(!handedOver, "nothing was handed over");
  BOOST_TEST((delivery.result == MailDelivery::Result::kConnectionFailed));
  BOOST_TEST(delivery.detail.rfind("smtp 127.0.0.1:1: ", 0) == 0u, delivery.detail);
}

BOOST_AUTO_TEST_SUITE_END()
