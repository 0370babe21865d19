// Issue 18, "done when": two racesync processes with different out.dirs on one shared PostgreSQL
// state (the same event in the same database), started together against the RACEMAP sandbox and a
// real SMTP server and SIGKILLed at random moments, round after round, then run once more to the
// end: no key is ever assigned to two registrants (in the store or in what RACEMAP holds), nobody
// is mailed twice, and everyone ends with exactly one key and one mail. Runs only on PostgreSQL
// (RACESYNC_TEST_PG: CTest's integration.pg.shared_state_kill_test).
#include <Poco/Process.h>

#include <signal.h>
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "core/store/state_store.h"
#include "core/store/store_statement.h"
#include "sandbox/racemap_sandbox.h"
#include "sandbox/sandbox_server.h"
#include "tests/support/smtp_server.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

constexpr int kFirst = 40;  // registrants in the first export; each round's export adds kMore
constexpr int kMore = 10;
constexpr int kRounds = 8;
constexpr int kRegistrants = kFirst + kMore * kRounds;
constexpr unsigned kSeed = 18;  // the kill delays: the same every time, so a failure reproduces
const char* kEvent = "shared-2026";
const char* kToken = "racemap-test-token";

// The export of `count` registrants: each round a longer one, so that every round has keys to
// assign and mails to send when the kills come.
std::string registrationsCsv(int count) {
  std::string csv = "Registration ID,Bib,First Name,Last Name,Email,Race\n";
  for (int i = 1; i <= count; ++i) {
    std::string n = std::to_string(i);
    csv += "S" + n + "," + std::to_string(100 + i) + ",Runner," + n + ",runner" + n +
           "@example.org," + (i % 2 ? "10K" : "Half Marathon") + "\n";
  }
  return csv;
}

struct SharedState {
  test::TempDir dir;
  sandbox::SandboxServer server;
  std::shared_ptr<sandbox::RacemapSandbox> racemap =
      std::make_shared<sandbox::RacemapSandbox>(kToken, "organiser", 7);
  std::unique_ptr<test::SmtpServer> smtp;

  SharedState() {
    racemap->addEvent(kEvent, "Shared 2026");
    server.add(racemap);
    server.start();
    smtp = std::make_unique<test::SmtpServer>(dir.file("inbox"));
    // Two hosts' configurations: the same event and so, on PostgreSQL, the same state (the
    // TempDir's database, RACESYNC_STATE_URL overriding state.path), each with its own out.dir.
    for (const char* host : {"a", "b"}) {
      test::writeFile(config(host),
                      "[event]\nname = Shared 2026\n[state]\npath = shared.db\n[out]\ndir = out-" +
                          std::string(host) +
                          "\n[registrations]\nfiles = registrations.csv\n[racemap]\nevent_id = " +
                          kEvent + "\nbase_url = " + server.baseUrl() +
                          "\ntimeout_ms = 20000\n[mail]\nfrom = Shared "
                          "<info@example.org>\n[mail.smtp]\nhost = 127.0.0.1\nport = " +
                          std::to_string(smtp->port()) + "\ntls = none\ntimeout_ms = 10000\n");
    }
  }

  std::string config(const std::string& host) const { return dir.file(host + ".ini"); }

  std::vector<std::string> args(const std::string& host) const {
    return {"run", "-c", config(host), "--steps", "import,keys,links,racemap,mail"};
  }

  // Starts racesync for `host`, its output into out-<host>.log; returns its process.
  Poco::ProcessHandle start(const std::string& host) const {
    std::vector<std::string> command = args(host);
    auto env = test::racesyncEnvironment(command, {{"RACEMAP_TOKEN", kToken}});
    // exec: the shell's process becomes racesync's, so that the SIGKILL reaches racesync itself.
    Poco::Process::Args shell = {
        "-c", "exec \"$0\" \"$@\" >>" + dir.file("out-" + host + ".log") + " 2>&1",
        test::racesyncBinary()};
    shell.insert(shell.end(), command.begin(), command.end());
    return Poco::Process::launch("/bin/sh", shell, dir.path(), nullptr, nullptr, nullptr,
                                 Poco::Process::Env(env.begin(), env.end()));
  }

  // Registration id -> copies received by the SMTP server.
  std::map<std::string, int> received() const {
    std::map<std::string, int> copies;
    for (const auto& m : smtp->messages()) ++copies[m->getValue<std::string>("registration")];
    return copies;
  }
};

// Rows of `sql` (two text columns) from the shared store.
std::vector<std::pair<std::string, std::string>> pairs(StateStore& store, const std::string& sql) {
  std::vector<std::pair<std::string, std::string>> rows;
  StoreStatement select(store, sql);
  std::string a, b;
  while (select.next()) {
    select.text(0, a);
    select.text(1, b);
    rows.emplace_back(a, b);
  }
  return rows;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shared_state_kill_test)

BOOST_AUTO_TEST_CASE(two_hosts_killed_at_random_never_assign_a_key_twice_nor_mail_twice) {
  if (!test::onPostgres()) {
    BOOST_TEST_MESSAGE("RACESYNC_TEST_PG is not set: a shared state needs PostgreSQL");
    return;
  }
  SharedState shared;
  std::mt19937 random(kSeed);
  std::uniform_int_distribution<int> delayMs(0, 1200);
  int killed = 0;
  for (int round = 1; round <= kRounds; ++round) {
    test::writeFile(shared.dir.file("registrations.csv"), registrationsCsv(kFirst + kMore * round));
    Poco::ProcessHandle a = shared.start("a"), b = shared.start("b");
    const int killA = delayMs(random), killB = delayMs(random);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(killA, killB)));
    (killA <= killB ? ::kill(a.id(), SIGKILL) : ::kill(b.id(), SIGKILL));
    std::this_thread::sleep_for(std::chrono::milliseconds(std::abs(killA - killB)));
    (killA <= killB ? ::kill(b.id(), SIGKILL) : ::kill(a.id(), SIGKILL));
    for (Poco::ProcessHandle* p : {&a, &b}) {
      int status = p->wait();
      killed += status == 256 + SIGKILL ? 1 : 0;
      // Killed, finished (0), or turned away by the other's run lock (75): nothing else.
      BOOST_TEST((status == 256 + SIGKILL || status == 0 || status == 75),
                 "round " << round << ": exit " << status << "\n"
                          << test::readFile(shared.dir.file("out-a.log"))
                          << test::readFile(shared.dir.file("out-b.log")));
    }
    // No registrant has received two mails at any point.
    for (const auto& [id, copies] : shared.received()) {
      BOOST_TEST(copies == 1, "round " << round << ": " << id << " received " << copies);
    }
  }
  BOOST_TEST_MESSAGE(kRounds << " rounds, " << killed << " of " << 2 * kRounds
                             << " processes killed by SIGKILL");

  // The clean run, host a then host b: the job finished, nothing left for b.
  for (const char* host : {"a", "b"}) {
    auto done = test::runRacesync(shared.args(host), {{"RACEMAP_TOKEN", kToken}});
    BOOST_TEST(done.exitCode == 0, host << ": " << done.out << done.err);
  }

  auto store = test::openTestStore(shared.config("a"));
  // Keys: one per registrant, no key twice (in the store).
  auto assigned = pairs(*store,
                        "SELECT registration_id, key FROM keys WHERE state = 'assigned' ORDER BY "
                        "registration_id");
  std::map<std::string, std::string> keyOf;
  std::set<std::string> keys;
  for (const auto& [id, key] : assigned) {
    BOOST_TEST(keyOf.count(id) == 0u, id << " holds two keys");
    BOOST_TEST(keys.insert(key).second, key << " is assigned twice");
    keyOf[id] = key;
  }
  BOOST_TEST(keyOf.size() == static_cast<std::size_t>(kRegistrants));
  // ... and against what RACEMAP holds: every key it generated is known to the store (none lost
  // to a kill between the call and its recording), and every assigned key is one of them.
  std::set<std::string> generated;
  for (const std::string& key : shared.racemap->keys(kEvent)) generated.insert(key);
  std::set<std::string> known;
  for (const auto& [key, state] : pairs(*store, "SELECT key, state FROM keys")) known.insert(key);
  BOOST_TEST(known == generated);
  for (const std::string& key : keys) BOOST_TEST(generated.count(key) == 1u, key);

  // Mails: a kill between handing a mail to the server and recording its answer leaves it in
  // doubt, never resent by itself; the operator resends exactly those the server never received.
  auto received = shared.received();
  for (const auto& [id, state] : pairs(*store, "SELECT registration_id, state FROM mails")) {
    if (state == "sending" && received[id] == 0) {
      auto resend =
          test::runRacesync({"run", "-c", shared.config("a"), "--steps", "mail", "--resend", id},
                            {{"RACEMAP_TOKEN", kToken}});
      BOOST_TEST(resend.exitCode == 0, resend.err);
    }
  }
  received = shared.received();
  BOOST_TEST(received.size() == static_cast<std::size_t>(kRegistrants));
  for (const auto& [id, copies] : received) {
    BOOST_TEST(copies == 1, id << " received " << copies << " mails");
    BOOST_TEST(keyOf.count(id) == 1u, id);
  }
}

BOOST_AUTO_TEST_SUITE_END()
