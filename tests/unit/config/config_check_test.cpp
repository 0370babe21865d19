#include "core/config/config_check.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "tests/support/test_support.h"

using racesync::checkConfiguration;
using racesync::Settings;

namespace {

std::string problemOf(const std::string& ini, const std::vector<std::string>& steps) {
  Settings settings = Settings::fromString(ini, {}, "/tmp");
  try {
    checkConfiguration(settings, steps);
  } catch (const racesync::ConfigurationError& e) {
    return e.message();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_check_test)

BOOST_AUTO_TEST_CASE(accepts_a_complete_configuration) {
  BOOST_TEST(problemOf("[event]\nname = Run\n[registrations]\nfiles = a.csv\ncolumns.bib = Nr\n"
                       "[racemap]\nevent_id = e1\nbase_url = https://racemap.com\n"
                       "[raceranger]\nbase_url = https://api.example\nevent_id = evt_1\n"
                       "races.Half Marathon = race_1\n",
                       {"import", "keys", "raceranger"}) == "");
}

BOOST_AUTO_TEST_CASE(an_unknown_report_timezone_fails_before_the_run) {
  BOOST_TEST(problemOf("[report]\ntimezone = Europe/Berln\n", {}) ==
             "configuration: report.timezone: 'Europe/Berln' is not a time zone: write a name "
             "from /usr/share/zoneinfo, e.g. Europe/Berlin or America/New_York, or leave it out "
             "for the machine's zone");
  BOOST_TEST(problemOf("[report]\ntimezone = Europe/Berlin\n", {}) == "");
}

BOOST_AUTO_TEST_CASE(names_an_unknown_key_and_the_nearest_known_one) {
  BOOST_TEST(problemOf("[racemap]\nevent_idd = e1\n", {}) ==
             "configuration: racemap.event_idd: unknown key: did you mean 'racemap.event_id'?");
  BOOST_TEST(problemOf("[frobnicate]\nwhatever_this_is = 1\n", {}) ==
             "configuration: frobnicate.whatever_this_is: unknown key: remove it");
}

BOOST_AUTO_TEST_CASE(suggests_a_pattern_and_accepts_any_name_below_it) {
  BOOST_TEST(problemOf("[registrations]\ncolumn.bib = Nr\n", {}) ==
             "configuration: registrations.column.bib: unknown key: did you mean "
             "'registrations.columns.*'?");
  BOOST_TEST(problemOf("[raceranger]\nraces.Half Marathon = race_1\nraces.10 km = race_2\n"
                       "[registrations]\nskip_when.Status = Refunded\n",
                       {}) == "");
  // The path templates are four keys, not a pattern.
  BOOST_TEST(problemOf("[raceranger]\npaths.race = /v1/events/{eventId}/races\n", {}) ==
             "configuration: raceranger.paths.race: unknown key: did you mean "
             "'raceranger.paths.races'?");
  BOOST_TEST(problemOf("[raceranger]\npaths.webhooks = /v1/webhooks\n", {}) ==
             "configuration: raceranger.paths.webhooks: unknown key: remove it");
  BOOST_TEST(problemOf("[raceranger]\npaths.athletes = /v1/x/{raceId}/athletes\n", {}) == "");
}

BOOST_AUTO_TEST_CASE(checks_each_value_against_its_kind_before_any_step) {
  BOOST_TEST(problemOf("[raceranger]\nbatch_size = 20000\n", {}) ==
             "configuration: raceranger.batch_size: '20000' is not a whole number from 1 to "
             "10000");
  BOOST_TEST(problemOf("[qr]\nthreads = two\n", {}) ==
             "configuration: qr.threads: 'two' is not a whole number from 1 to 64");
  BOOST_TEST(problemOf("[mail]\nenabled = perhaps\n", {}) ==
             "configuration: mail.enabled: 'perhaps' is not true or false");
  BOOST_TEST(problemOf("[mail]\nsmtp.tls = ssl\n", {}) ==
             "configuration: mail.smtp.tls: 'ssl' is not allowed: write starttls, implicit or "
             "none");
  BOOST_TEST(problemOf("[registrations]\ndate_order = ymd\n", {}) ==
             "configuration: registrations.date_order: 'ymd' is not allowed: write dmy or mdy");
  BOOST_TEST(problemOf("[raceresult]\ntimeout_ms = 10\n", {}) ==
             "configuration: raceresult.timeout_ms: '10' is not a whole number from 1000 to "
             "600000");
}

BOOST_AUTO_TEST_CASE(accepts_values_of_their_kind_in_any_case_and_blank_ones) {
  BOOST_TEST(problemOf("[mail]\nenabled = No\nsmtp.tls = STARTTLS\nsmtp.port = 2525\n"
                       "[racemap]\ngenerate_method = get\n[qr]\nerror_correction = q\n"
                       "threads =\n",
                       {}) == "");
}

BOOST_AUTO_TEST_CASE(refuses_secrets_in_the_file) {
  BOOST_TEST(problemOf("[racemap]\ntoken = abc\n", {}) ==
             "configuration: racemap.token: secrets do not belong in the configuration file: "
             "remove the line and export RACEMAP_TOKEN instead");
  BOOST_TEST(problemOf("[mail]\nsmtp.password = hunter2\n", {}) ==
             "configuration: mail.smtp.password: secrets do not belong in the configuration "
             "file: remove the line and export SMTP_PASSWORD instead");
  BOOST_TEST(problemOf("[raceranger]\nevent_id = rr_o_123\n", {}) ==
             "configuration: raceranger.event_id: a RaceRanger API key does not belong in the "
             "configuration file: remove it and export RACERANGER_API_KEY instead");
}

BOOST_AUTO_TEST_CASE(refuses_a_bad_url) {
  BOOST_TEST(problemOf("[racemap]\nbase_url = racemap.com\n", {}) ==
             "configuration: racemap.base_url: 'racemap.com' is not an http(s) URL: write it "
             "like https://host[:port]");
  BOOST_TEST(problemOf("[raceresult]\nbase_url = ftp://events.raceresult.com\n", {}) ==
             "configuration: raceresult.base_url: 'ftp://events.raceresult.com' is not an "
             "http(s) URL: write it like https://host[:port]");
  BOOST_TEST(problemOf("[raceranger]\nbase_url =\n", {}) ==
             "configuration: raceranger.base_url: '' is not an http(s) URL: write it like "
             "https://host[:port]");
}

BOOST_AUTO_TEST_CASE(demands_only_what_the_selected_steps_need) {
  BOOST_TEST(problemOf("[event]\nname = Run\n", {"keys"}) ==
             "configuration: racemap.event_id: missing key: the id of the event in RACEMAP");
  BOOST_TEST(problemOf("[event]\nname = Run\n", {"links"}) == "");
  BOOST_TEST(problemOf("[raceranger]\nevent_id = evt_1\n", {"raceranger"}) ==
             "configuration: raceranger.base_url: missing key: the RaceRanger API address that "
             "came with your API key");
}

BOOST_AUTO_TEST_CASE(mail_needs_a_sender_and_a_server_unless_it_is_off) {
  BOOST_TEST(problemOf("[mail]\nsmtp.host = smtp.example.com\n", {"mail"}) ==
             "configuration: mail.from: missing key: the sender, e.g. Stadtlauf "
             "<info@stadtlauf.de> (or mail.enabled = false)");
  BOOST_TEST(problemOf("[mail]\nfrom = Run <run@example.com>\n", {"mail"}) ==
             "configuration: mail.smtp.host: missing key: the SMTP server that sends the mails");
  BOOST_TEST(problemOf("[mail]\nenabled = false\n", {"mail"}) == "");
  BOOST_TEST(problemOf("[mail]\nenabled = false\noutbox = eml\n", {"mail"}) ==
             "configuration: mail.from: missing key: the sender of the .eml files written to "
             "mail.outbox, e.g. Stadtlauf <info@stadtlauf.de>");
  BOOST_TEST(problemOf("[mail]\nenabled = false\noutbox = eml\nfrom = Run <r@example.com>\n",
                       {"mail"}) == "");  // the outbox needs no SMTP server
}

// Finding 9 of issue 13: a bad sender was found by the mail step, after the other steps ran.
BOOST_AUTO_TEST_CASE(a_sender_without_address_failed_only_at_the_mail_step) {
  BOOST_TEST(problemOf("[mail]\nfrom = Stadtlauf\nsmtp.host = smtp.example.com\n", {"mail"}) ==
             "configuration: mail.from: 'Stadtlauf' has no valid address: write Name "
             "<address@domain>");
  BOOST_TEST(problemOf("[mail]\nfrom = Stadtlauf\nenabled = false\n", {"mail"}) == "");
}

BOOST_AUTO_TEST_CASE(the_sample_configuration_passes) {
  Settings sample = Settings::load(racesync::test::sourceDir() + "/samples/racesync.ini", {});
  BOOST_CHECK_NO_THROW(
      checkConfiguration(sample, {"import", "keys", "links", "racemap", "raceranger", "mail"}));
}

BOOST_AUTO_TEST_CASE(a_token_sent_over_plain_http_to_a_remote_host_is_refused_with_the_fix) {
  // Issue 14, item 2: the RaceRanger key went in clear text to http://api.example.
  BOOST_TEST(
      problemOf("[raceranger]\nbase_url = http://api.example:8080/v1x\nevent_id = e\n", {}) ==
      "configuration: raceranger.base_url: 'http://api.example:8080/v1x' is plain http: "
      "RACERANGER_API_KEY would cross the network unencrypted: write "
      "https://api.example:8080/v1x, or set raceranger.allow_plain_http = true for a lab "
      "network you trust");
  BOOST_TEST(problemOf("[racemap]\nbase_url = http://racemap.com\n", {})
                 .find("racemap.base_url: 'http://racemap.com' is plain http: RACEMAP_TOKEN") !=
             std::string::npos);
  BOOST_TEST(problemOf("[raceresult]\nbase_url = HTTP://10.0.0.5\n", {})
                 .find("raceresult.allow_plain_http = true") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(plain_http_on_loopback_or_with_allow_plain_http_is_fine) {
  for (const char* host : {"127.0.0.1:8080", "127.5.6.7", "localhost:1", "[::1]:9"}) {
    BOOST_TEST(problemOf(std::string("[racemap]\nbase_url = http://") + host + "\n", {}) == "",
               host);
  }
  BOOST_TEST(problemOf("[raceranger]\nbase_url = http://10.0.0.5:8080\nallow_plain_http = true\n",
                       {}) == "");
  BOOST_TEST(problemOf("[raceranger]\nbase_url = https://api.example\n", {}) == "");
  // A host that only starts like a loopback address is not one.
  BOOST_TEST(problemOf("[racemap]\nbase_url = http://127.0.0.1.evil.example\n", {}) != "");
}

BOOST_AUTO_TEST_CASE(credentials_in_a_base_url_are_refused_without_being_repeated) {
  // Issue 14, item 5: http://user:secret@host was accepted and printed in errors and -v.
  const std::string problem =
      problemOf("[raceranger]\nbase_url = https://me:s3cr3t@api.example/\nevent_id = e\n", {});
  BOOST_TEST(problem ==
             "configuration: raceranger.base_url: 'https://***@api.example/' holds credentials "
             "(user:password@), which would be sent and printed as they are: remove them from the "
             "address and export RACERANGER_API_KEY instead");
  BOOST_TEST(problem.find("s3cr3t") == std::string::npos);
  BOOST_TEST(
      problemOf("[racemap]\nbase_url = http://token@127.0.0.1:9\n", {}).find("holds credentials") !=
      std::string::npos);
}

BOOST_AUTO_TEST_CASE(names_an_out_mode_it_cannot_use) {
  BOOST_TEST(problemOf("[out]\nmode = 0666\n", {}) ==
             "configuration: out.mode: '0666' is not a mode: write private, group or an octal "
             "file mode that you may read and write and nobody else may write, such as 0640");
  BOOST_TEST(problemOf("[out]\nmode = group\n", {}) == "");
}

BOOST_AUTO_TEST_SUITE_END()
