// The whole job as a timing company runs it every night: the real binary on the sample exports,
// against the simulated RACEMAP and RaceRanger (in this process, on 127.0.0.1) and a real SMTP
// server (aiosmtpd) on loopback. Then the report is opened in headless Chromium.
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "sandbox/racemap_sandbox.h"
#include "sandbox/raceranger_sandbox.h"
#include "sandbox/rehearsal.h"
#include "tests/support/smtp_server.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

struct Fixture {
  test::TempDir dir;
  SystemClock clock;
  std::unique_ptr<sandbox::Rehearsal> services;
  std::unique_ptr<test::SmtpServer> smtp;
  std::string config;

  Fixture() {
    test::copySamples(dir);
    services = std::make_unique<sandbox::Rehearsal>(Settings::load(dir.file("racesync.ini"), {}),
                                                    clock, 0);
    services->start();
    Poco::File(dir.file("smtp")).createDirectories();
    smtp = std::make_unique<test::SmtpServer>(dir.file("smtp"));
    // Later keys win in an .ini file: the sample, pointed at the sandbox and the SMTP server.
    config = dir.file("racesync.ini");
    test::writeFile(config, test::readFile(config) +
                                "\n[racemap]\nbase_url = " + services->baseUrl() +
                                "\n[raceranger]\nbase_url = " + services->baseUrl() +
                                "\n[mail]\nenabled = true\nsmtp.host = 127.0.0.1\nsmtp.port = " +
                                std::to_string(smtp->port()) + "\nsmtp.tls = none\n");
  }

  test::ProcessResult run(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"run", "-c", config};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::runRacesync(args, sandbox::Rehearsal::credentials());
  }

  int writes() {
    return services->server().countRequests("POST", "") +
           services->server().countRequests("PUT", "") +
           services->server().countRequests("DELETE", "");
  }

  Poco::JSON::Object::Ptr status() {
    auto result = test::runRacesync({"status", "-c", config, "--json"});
    BOOST_REQUIRE_EQUAL(result.exitCode, 0);
    return Poco::JSON::Parser().parse(result.out).extract<Poco::JSON::Object::Ptr>();
  }
};

// Registrants of the samples: 376 imported, 375 of them with an address, 351 with a bib.
constexpr int kRegistrants = 376;
constexpr int kWithAddress = 375;
constexpr int kWithBib = 351;

}  // namespace

BOOST_AUTO_TEST_SUITE(end_to_end_test)

BOOST_AUTO_TEST_CASE(second_run_makes_no_remote_write_and_sends_no_mail) {
  Fixture f;
  auto first = f.run();
  BOOST_TEST_REQUIRE(first.exitCode == 0, first.out << first.err);
  BOOST_TEST(first.out.find("summary:") != std::string::npos);
  BOOST_TEST(first.out.find("report: " + f.dir.file("out/report.html")) != std::string::npos);
  auto status = f.status();
  BOOST_TEST(status->getValue<int>("registrants") == kRegistrants);
  BOOST_TEST(status->getValue<int>("keys_assigned") == kRegistrants);
  BOOST_TEST(status->getValue<int>("qr_written") == kRegistrants);
  BOOST_TEST(status->getValue<int>("athletes_pushed") == kWithBib);
  BOOST_TEST(status->getValue<int>("mails_sent") == kWithAddress);
  BOOST_TEST(f.smtp->messages().size() == static_cast<size_t>(kWithAddress));
  BOOST_TEST(f.services->racemap().generateCalls("lakeside-2026") == 1);
  BOOST_TEST(f.services->racemap().keysGenerated("lakeside-2026") == kRegistrants);

  int writesAfterFirst = f.writes();
  auto second = f.run();
  BOOST_TEST_REQUIRE(second.exitCode == 0, second.out << second.err);
  BOOST_TEST(f.writes() == writesAfterFirst);
  BOOST_TEST(f.smtp->messages().size() == static_cast<size_t>(kWithAddress));
  BOOST_TEST(f.services->racemap().generateCalls("lakeside-2026") == 1);
  BOOST_TEST(f.status()->getValue<int>("mails_sent") == kWithAddress);
}

BOOST_AUTO_TEST_CASE(dry_run_makes_no_write_call_and_prints_the_plan) {
  Fixture f;
  auto dry = f.run({"--dry-run"});
  BOOST_TEST_REQUIRE(dry.exitCode == 0, dry.out << dry.err);
  BOOST_TEST(f.writes() == 0);
  BOOST_TEST(f.smtp->messages().empty());
  BOOST_TEST(dry.out.find("dry run: nothing was written remotely, nothing was sent") !=
             std::string::npos);
  BOOST_TEST(dry.out.find("request 376 keys from RACEMAP event lakeside-2026") !=
             std::string::npos);
  BOOST_TEST(dry.out.find("create 33 and update 0 athletes in race 'Marathon' (race_marathon)") !=
             std::string::npos);
  BOOST_TEST(!Poco::File(f.dir.file("out/links.csv")).exists());
  BOOST_TEST(f.status()->getValue<int>("registrants") == 0);

  // After a real run, a dry run of an unchanged export has nothing to do.
  BOOST_TEST_REQUIRE(f.run().exitCode == 0);
  int writes = f.writes();
  auto again = f.run({"--dry-run"});
  BOOST_TEST(again.exitCode == 0);
  BOOST_TEST(f.writes() == writes);
  BOOST_TEST(again.out.find("keys from RACEMAP") == std::string::npos);
  BOOST_TEST(again.out.find("athletes in race") == std::string::npos);
  BOOST_TEST(again.out.find("send '") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(report_shows_the_registrants_in_a_browser) {
  Fixture f;
  BOOST_TEST_REQUIRE(f.run().exitCode == 0);
  std::string report = f.dir.file("out/report.html");
  std::vector<std::string> browser = {"--headless",
                                      "--no-sandbox",
                                      "--disable-gpu",
                                      "--disable-quic",
                                      "--no-first-run",
                                      "--disable-background-networking",
                                      "--disable-component-update",
                                      "--disable-sync",
                                      "--user-data-dir=" + f.dir.file("chromium"),
                                      "--window-size=420,1600"};
  // The DOM after the page's script ran and loaded every race's rows (report-data/) for the
  // filter in the address; virtual time lets those loads finish without waiting on the clock.
  std::vector<std::string> dump = browser;
  dump.push_back("--virtual-time-budget=10000");
  dump.push_back("--dump-dom");
  dump.push_back("file://" + report + "#status=active");
  auto dom = test::runProcess("/usr/bin/chromium", dump);
  BOOST_TEST_REQUIRE(dom.exitCode == 0, dom.err);
  BOOST_TEST(dom.out.find("376 of 376 registrants shown") != std::string::npos);
  BOOST_TEST(dom.out.find("Jürgen Fernández") != std::string::npos);
  BOOST_TEST(dom.out.find("Lakeside Running Festival 2026") != std::string::npos);
  // And a phone-sized screenshot that a person can look at.
  std::vector<std::string> shot = browser;
  shot.push_back("--screenshot=" + f.dir.file("report.png"));
  shot.push_back("file://" + report);
  auto picture = test::runProcess("/usr/bin/chromium", shot);
  BOOST_TEST_REQUIRE(picture.exitCode == 0, picture.err);
  std::string png = test::readFile(f.dir.file("report.png"));
  BOOST_TEST(png.size() > 20000u);
  BOOST_TEST(png.substr(1, 3) == "PNG");
}

BOOST_AUTO_TEST_CASE(keys_failing_stops_links_and_mail_but_not_the_raceranger_push) {
  Fixture f;
  auto env = sandbox::Rehearsal::credentials();
  env["RACEMAP_TOKEN"] = "a-revoked-token";
  auto result = test::runRacesync({"run", "-c", f.config}, env);
  BOOST_TEST(result.exitCode == 69);
  BOOST_TEST(result.err.find("RACEMAP_TOKEN") != std::string::npos, result.err);
  BOOST_TEST(result.err.find("a-revoked-token") == std::string::npos);
  BOOST_TEST(result.out.find("links: skipped: step 'keys' failed") != std::string::npos);
  BOOST_TEST(result.out.find("mail: skipped: step 'keys' failed") != std::string::npos);
  auto status = f.status();
  BOOST_TEST(status->getValue<int>("athletes_pushed") == kWithBib);
  BOOST_TEST(status->getValue<int>("keys_assigned") == 0);
  BOOST_TEST(f.smtp->messages().empty());
  BOOST_TEST(Poco::File(f.dir.file("out/report.html")).exists());
}

BOOST_AUTO_TEST_CASE(plain_lines_under_cron_quiet_with_q_and_remote_calls_with_v) {
  Fixture f;
  auto verbose = f.run({"-v", "--no-mail"});
  BOOST_TEST_REQUIRE(verbose.exitCode == 0, verbose.err);
  BOOST_TEST(verbose.out.find("\r") == std::string::npos);  // no TTY: nothing redrawn
  BOOST_TEST(verbose.out.rfind("import: 378 rows read", 0) == 0u, verbose.out);
  BOOST_TEST(verbose.out.find("GET " + f.services->baseUrl() + "/api/inspect 200 ") !=
             std::string::npos);
  BOOST_TEST(verbose.out.find("POST " + f.services->baseUrl() +
                              "/api/events/lakeside-2026/actions/generate_starter_keys 200 ") !=
             std::string::npos);
  for (const auto& [name, secret] : sandbox::Rehearsal::credentials()) {
    BOOST_TEST(verbose.out.find(secret) == std::string::npos, name << " printed");
  }
  auto quiet = f.run({"-q"});
  BOOST_TEST(quiet.exitCode == 0);
  BOOST_TEST(quiet.out.empty(), quiet.out);
  BOOST_TEST(quiet.err.empty(), quiet.err);
}

BOOST_AUTO_TEST_SUITE_END()
