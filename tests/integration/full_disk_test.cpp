// A full state disk during the mail step (issue 12: exit 70, no summary, 41 accepted and 40
// recorded). The state lives on a small tmpfs mounted in a private mount namespace (`unshare
// -rm`, no root needed), filled with a filler file until only a little space is left; the real
// binary mails through aiosmtpd, runs out of space, and a second run (filler removed) finishes.
// The kernel may refuse unprivileged namespaces: then the test says so and checks nothing.
#include <Poco/Data/Session.h>
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include <map>

#include "core/links/qr_renderer.h"
#include "core/links/redeem_link.h"
#include "core/store/state_store.h"
#include "tests/support/smtp_server.h"
#include "tests/support/test_support.h"

using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;
using racesync::test::ProcessResult;
using racesync::test::SmtpServer;
using racesync::test::TempDir;

namespace {

constexpr int kRegistrants = 40;

bool namespacesWork() {
  TempDir dir;
  ProcessResult probe = racesync::test::runProcess(
      "/usr/bin/unshare",
      {"-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs " + dir.path() + " && echo mounted"});
  return probe.exitCode == 0 && probe.out == "mounted\n";
}

// A store with kRegistrants registrants, links and QR codes, never mailed, at `path`.
void seed(TempDir& dir, const std::string& path) {
  racesync::StateStore store(path);
  for (int i = 1; i <= kRegistrants; ++i) {
    std::string id = "R" + std::to_string(100 + i), first = "Runner", last = std::to_string(i),
                name = first + " " + last, email = "r" + std::to_string(i) + "@example.org",
                bib = std::to_string(i), race = "10 km",
                key = "K" + std::to_string(10000 + i).substr(1) + "A";
    store.session() << "INSERT INTO registrants (id, first_name, last_name, name, email, bib, "
                       "race) VALUES (?, ?, ?, ?, ?, ?, ?)",
        use(id), use(first), use(last), use(name), use(email), use(bib), use(race), now;
    std::string link = racesync::redeemLink(racesync::kDefaultLinkBase, key, bib, name);
    std::string file = "qr/" + bib + ".png";
    racesync::test::writeFile(dir.file("out/" + file), racesync::renderQrPng(link));
    store.session() << "INSERT INTO links (registration_id, key, link, qr_file, qr_link) VALUES "
                       "(?, ?, ?, ?, ?)",
        use(id), use(key), use(link), use(file), use(link), now;
  }
}

// In a private mount namespace: a 2 MB tmpfs on state/, the seeded store copied onto it, all but
// `leftKb` filled; run 1 (disk full), filler removed, run 2, then status --json. Prints
// "rc1=N", "rc2=N" and the status line between the runs' own output.
std::string script(const std::string& dir, int leftKb) {
  std::string bin = racesync::test::racesyncBinary();
  return "set -u\nmount -t tmpfs -o size=2m tmpfs " + dir + "/state || exit 90\ncp " + dir +
         "/seed.db " + dir + "/state/racesync.db\ncd " + dir +
         "\navail=$(df --output=avail -k state | tail -1)\n"
         "dd if=/dev/zero of=state/filler bs=1k count=$((avail - " +
         std::to_string(leftKb) + ")) 2>/dev/null\n" + bin +
         " run -c race.ini --steps mail > run1.out 2> run1.err; echo rc1=$?\nrm state/filler\n" +
         bin + " run -c race.ini --steps mail > run2.out 2> run2.err; echo rc2=$?\n" + bin +
         " status -c race.ini --json\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(full_disk_test)

BOOST_AUTO_TEST_CASE(a_full_state_disk_exits_75_with_a_summary_and_the_next_run_doubles_nothing) {
  if (!namespacesWork()) {
    BOOST_TEST_MESSAGE(
        "skipped: the kernel refuses `unshare -rm` (unprivileged user and mount "
        "namespaces), so no tmpfs can be mounted without root");
    return;
  }
  int failedMidMail = 0;
  for (int leftKb : {24, 48, 96, 160}) {
    TempDir dir;
    seed(dir, dir.file("seed.db"));
    // seed() wrote out/ and the QR codes; the state itself goes to the tmpfs.
    Poco::File(dir.file("state")).createDirectories();
    SmtpServer server(dir.file("smtp"));
    racesync::test::writeFile(
        dir.file("race.ini"),
        "[event]\nname = Stadtlauf\n[state]\npath = state/racesync.db\n[out]\ndir = out\n[mail]\n"
        "from = Stadtlauf <info@stadtlauf.de>\n[mail.smtp]\nhost = 127.0.0.1\nport = " +
            std::to_string(server.port()) + "\ntls = none\ntimeout_ms = 10000\n");
    ProcessResult result = racesync::test::runProcess(
        "/usr/bin/unshare", {"-rm", "sh", "-c", script(dir.path(), leftKb)});
    std::string where = std::to_string(leftKb) + " KB left: ";
    BOOST_REQUIRE_MESSAGE(result.out.find("rc1=") != std::string::npos, where + result.err);
    std::string out1 = racesync::test::readFile(dir.file("run1.out"));
    std::string err1 = racesync::test::readFile(dir.file("run1.err"));
    BOOST_TEST(result.out.find("rc1=70") == std::string::npos, where + err1);
    if (err1.find("cannot open the state store: ") != std::string::npos) {
      // Too full even to open the store: nothing ran, nothing was sent.
      BOOST_TEST(result.out.find("rc1=75") != std::string::npos, where + result.out);
      BOOST_TEST(err1.find(" MB free)") != std::string::npos, where + err1);
    } else if (result.out.find("rc1=75") != std::string::npos) {
      ++failedMidMail;
      BOOST_TEST(
          err1.find("state/racesync.db: cannot write the state store: ") != std::string::npos,
          where + err1);
      BOOST_TEST(err1.find(" MB free)") != std::string::npos, where + err1);
      BOOST_TEST(out1.find("summary:") != std::string::npos, where + out1);
    } else {
      BOOST_TEST(result.out.find("rc1=0") != std::string::npos, where + result.out + err1);
    }
    BOOST_TEST(result.out.find("rc2=0") != std::string::npos,
               where + result.out + racesync::test::readFile(dir.file("run2.err")));
    std::map<std::string, int> copies;
    for (const auto& m : server.messages()) ++copies[m->getValue<std::string>("registration")];
    for (const auto& [id, n] : copies) BOOST_TEST(n == 1, where + id + " received twice");
    BOOST_TEST(result.out.find("\"mails_sent\": ") != std::string::npos, where + result.out);
    BOOST_TEST_MESSAGE(where << copies.size() << " registrants mailed; " << result.out);
  }
  BOOST_TEST(failedMidMail > 0, "the state disk never filled during the mail step");
}

// Issue 12: a read-only out.dir exited 75 naming only report.html. Now each failed file says
// itself: the QR code the links step could not write, then report.html, and the summary still
// comes out.
BOOST_AUTO_TEST_CASE(a_read_only_out_dir_names_each_file_that_failed_and_still_summarizes) {
  if (!namespacesWork()) {
    BOOST_TEST_MESSAGE(
        "skipped: the kernel refuses `unshare -rm`, so out.dir cannot be made "
        "read-only for a test running as root");
    return;
  }
  TempDir dir;
  {
    racesync::StateStore store(dir.file("state/racesync.db"));
    store.session() << "INSERT INTO registrants (id, bib, name) VALUES ('R1', '42', 'Anna')", now;
    store.session() << "INSERT INTO keys (key, state, registration_id) VALUES ('AAAAA1', "
                       "'assigned', 'R1')",
        now;
  }
  Poco::File(dir.file("out")).createDirectories();
  racesync::test::writeFile(dir.file("race.ini"),
                            "[state]\npath = state/racesync.db\n[out]\ndir = out\n");
  std::string bin = racesync::test::racesyncBinary();
  ProcessResult result = racesync::test::runProcess(
      "/usr/bin/unshare",
      {"-rm", "sh", "-c",
       "cd " + dir.path() + " && mount --bind out out && mount -o remount,bind,ro out && " + bin +
           " run -c race.ini --steps links; echo rc=$?"});
  BOOST_TEST(result.out.find("rc=75") != std::string::npos, result.out + result.err);
  BOOST_TEST(result.out.find("summary:") != std::string::npos, result.out);
  // The report's data folder is the first of its files that fails: stderr names it.
  BOOST_TEST(result.err.find("out/report-data/: cannot create the folder") != std::string::npos,
             result.err);
  // The links step cannot make out.dir/qr (with the modes out.mode asks for): stderr names it.
  BOOST_TEST(result.err.find("out/qr: cannot create the folder") != std::string::npos, result.err);
  BOOST_TEST(result.err.find("Read-only file system") != std::string::npos, result.err);
}

BOOST_AUTO_TEST_SUITE_END()
