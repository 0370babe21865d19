// Exactly once under kill -9 (issue 12): the real racesync binary mails six registrants through
// aiosmtpd (tests/support/smtp_server.py), which SIGKILLs it at one point of the mail step (the
// process id comes from racesync's lock file); a second run finishes the job. Swept over 25
// points, from MAIL FROM to just after the server's 250: no registrant ever gets two copies of
// one message, the messages in doubt are counted by `status --json`, and `--resend in-doubt`
// sends exactly those.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>

#include <Poco/DirectoryIterator.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "core/links/qr_renderer.h"
#include "core/links/redeem_link.h"
#include "core/store/state_store.h"
#include "tests/support/smtp_server.h"
#include "tests/support/test_support.h"

using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;
using racesync::test::ProcessResult;
using racesync::test::SmtpServer;
using racesync::test::SmtpServerOptions;
using racesync::test::TempDir;

namespace {

constexpr int kRegistrants = 6;

// A state with kRegistrants registrants, each with a link and its QR code, never mailed.
struct Sweep {
  TempDir dir;
  int servers = 0;
  std::map<std::string, int> received;  // registration id -> copies received, every server

  Sweep() {
    writeConfig(0);
    auto store = racesync::test::openTestStore(dir.file("race.ini"));
    for (int i = 1; i <= kRegistrants; ++i) {
      std::string id = "R" + std::to_string(i), first = "Runner", last = std::to_string(i),
                  name = first + " " + last, email = "r" + std::to_string(i) + "@example.org",
                  bib = std::to_string(40 + i), race = "10 km",
                  key = "K" + std::to_string(i) + "ABCD";
      store->sql(
          "INSERT INTO registrants (id, first_name, last_name, name, email, bib, race) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)"),
          use(id), use(first), use(last), use(name), use(email), use(bib), use(race), now;
      std::string link = racesync::redeemLink(racesync::kDefaultLinkBase, key, bib, name);
      std::string file = "qr/" + bib + ".png";
      racesync::test::writeFile(dir.file("out/" + file), racesync::renderQrPng(link));
      store->sql(
          "INSERT INTO links (registration_id, key, link, qr_file, qr_link) VALUES (?, ?, "
          "?, ?, ?)"),
          use(id), use(key), use(link), use(file), use(link), now;
    }
  }

  void writeConfig(int port) {
    racesync::test::writeFile(
        dir.file("race.ini"),
        "[event]\nname = Stadtlauf\n[out]\ndir = out\n[mail]\nfrom = Stadtlauf "
        "<info@stadtlauf.de>\n[mail.smtp]\nhost = 127.0.0.1\nport = " +
            std::to_string(port) + "\ntls = none\ntimeout_ms = 10000\n");
  }

  // One run against a fresh server (killing racesync at `killAt` when given); what that server
  // received is added to `received`.
  ProcessResult run(const std::string& killAt, std::vector<std::string> extra = {}) {
    SmtpServerOptions options;
    options.killAt = killAt;
    options.killPidFile = dir.file("out/racesync.db.lock");
    std::string inbox = dir.file("smtp" + std::to_string(++servers));
    ProcessResult result;
    {
      SmtpServer server(inbox, options);
      writeConfig(server.port());
      std::vector<std::string> args = {"run", "-c", dir.file("race.ini"), "--steps", "mail"};
      args.insert(args.end(), extra.begin(), extra.end());
      result = racesync::test::runRacesync(args);
      for (const auto& m : server.messages()) ++received[m->getValue<std::string>("registration")];
    }
    return result;
  }

  long long status(const std::string& key) {
    std::string json =
        racesync::test::runRacesync({"status", "-c", dir.file("race.ini"), "--json"}).out;
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>()->getValue<long long>(key);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_kill_sweep_test)

BOOST_AUTO_TEST_CASE(a_kill_anywhere_in_the_mail_step_never_mails_a_registrant_twice) {
  const std::vector<std::string> stages = {"mail", "rcpt", "received", "stored", "replied"};
  int points = 0, killed = 0, inDoubtSeen = 0;
  for (int message = 1; message <= 5; ++message) {
    for (const auto& stage : stages) {
      std::string point = std::to_string(message) + ":" + stage;
      ++points;
      Sweep sweep;
      ProcessResult first = sweep.run(point);
      if (first.exitCode == 256 + 9) ++killed;
      BOOST_TEST(first.exitCode == 256 + 9,
                 point << ": not killed: " << first.exitCode << " " << first.err);
      ProcessResult second = sweep.run("");
      BOOST_TEST(second.exitCode == 0, point << ": " << second.err);
      long long inDoubt = sweep.status("mails_in_doubt");
      inDoubtSeen += inDoubt > 0;
      long long sent = sweep.status("mails_sent");
      BOOST_TEST(sent + inDoubt == kRegistrants, point);
      for (const auto& [id, copies] : sweep.received) {
        BOOST_TEST(copies == 1, point << ": " << id << " received " << copies << " copies");
      }
      // The ones in doubt: --resend in-doubt sends exactly those, once.
      std::map<std::string, int> before = sweep.received;
      ProcessResult resend = sweep.run("", {"--resend", "in-doubt"});
      BOOST_TEST(resend.exitCode == 0, point << ": " << resend.err);
      long long resent = 0;
      for (const auto& [id, copies] : sweep.received) resent += copies - before[id];
      BOOST_TEST(resent == inDoubt, point);
      BOOST_TEST(sweep.status("mails_in_doubt") == 0, point);
      BOOST_TEST(sweep.status("mails_sent") == kRegistrants, point);
      BOOST_TEST(static_cast<int>(sweep.received.size()) == kRegistrants, point);
    }
  }
  BOOST_TEST_MESSAGE(points << " kill points, " << killed << " runs killed by SIGKILL, "
                            << inDoubtSeen << " left messages in doubt");
  BOOST_TEST(points >= 20);
  BOOST_TEST(killed == points);
  BOOST_TEST(inDoubtSeen > 0, "the sweep reached the window between acceptance and commit");
}

BOOST_AUTO_TEST_CASE(a_kill_while_waiting_for_the_servers_250_leaves_the_message_in_doubt) {
  Sweep sweep;
  ProcessResult first = sweep.run("3:stored");
  BOOST_TEST(first.exitCode == 256 + 9, first.err);
  ProcessResult second = sweep.run("");
  BOOST_TEST(second.exitCode == 0, second.err);
  BOOST_TEST(second.out.find("in doubt    1 mails handed to the server without a recorded "
                             "answer: not sent again unless you run with --resend in-doubt") !=
                 std::string::npos,
             second.out);
  BOOST_TEST(sweep.received["R3"] == 1);
  BOOST_TEST(sweep.status("mails_in_doubt") == 1);
  std::string report = racesync::test::readFile(sweep.dir.file("out/report.html"));
  BOOST_TEST(report.find("0 failed, 1 in doubt)") != std::string::npos);
  // The registrant's row (in the race's data file the report loads) says so too.
  std::string races;
  for (Poco::DirectoryIterator it(sweep.dir.file("out/report-data")), end; it != end; ++it) {
    if (it->isFile()) races += racesync::test::readFile(it->path());
  }
  BOOST_TEST(races.find("\"in doubt\"") != std::string::npos, races);
  BOOST_TEST(report.find(": in doubt: message ") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
