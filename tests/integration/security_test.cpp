// Issue 14, end to end: the real binary against the simulated services on 127.0.0.1, one case per
// finding of the audit, each named after what broke: the dry run's copy of the state, tokens over
// plain http and in base URLs, who may read the outputs, secrets a server echoes, terminal
// escapes in data, an endless listing and a malformed answer.
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "sandbox/racemap_sandbox.h"
#include "sandbox/raceranger_sandbox.h"
#include "sandbox/rehearsal.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

const char* kCsv =
    "Registration ID,Bib,First Name,Last Name,Email,Race\n"
    "3001,11,Anna,Muster,anna@example.org,Marathon\n"
    "3002,12,Bernd,Beispiel,bernd@example.org,Marathon\n"
    "3003,13,Chloé,Dupont,chloe@example.org,10 km\n";

const std::string kRacemapToken = sandbox::Rehearsal::kRacemapToken;
const std::string kRaceRangerKey = sandbox::Rehearsal::kRaceRangerKey;

unsigned modeOf(const std::string& path) {
  struct stat info {};
  BOOST_REQUIRE_MESSAGE(::stat(path.c_str(), &info) == 0, path);
  return info.st_mode & 07777;
}

std::vector<std::string> entries(const std::string& folder) {
  std::vector<std::string> names;
  for (Poco::DirectoryIterator it(folder), end; it != end; ++it) names.push_back(it.name());
  return names;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Sets the umask for one test (the binary inherits it) and puts it back.
struct Umask {
  explicit Umask(mode_t mask) : previous(::umask(mask)) {}
  ~Umask() { ::umask(previous); }
  mode_t previous;
};

struct Fixture {
  test::TempDir dir;
  SystemClock clock;
  std::unique_ptr<sandbox::Rehearsal> services;

  explicit Fixture(const std::string& csv = kCsv) {
    test::writeFile(dir.file("registrations.csv"), csv);
    writeConfig("");
    services = std::make_unique<sandbox::Rehearsal>(Settings::load(config(), {}), clock, 0);
    services->start();
    writeConfig("http://127.0.0.1:" + std::to_string(services->server().port()));
  }

  std::string config() const { return dir.file("racesync.ini"); }

  // The job with every step, mails to an outbox; `extra` lines come last and win.
  void writeConfig(const std::string& url, const std::string& extra = "") {
    test::writeFile(config(),
                    "event.name = Security Run\nout.dir = out\nregistrations.files = "
                    "registrations.csv\n[racemap]\nevent_id = sec-2026\nbase_url = " +
                        (url.empty() ? std::string("https://racemap.com") : url) +
                        "\n[raceranger]\nevent_id = evt_sec\nraces.Marathon = race_m\n"
                        "races.10 km = race_10\nretry_base_ms = 20\nmax_tries = 2\nbase_url = " +
                        (url.empty() ? std::string("https://rr.example") : url) +
                        "\n[mail]\nenabled = false\noutbox = out/outbox\n"
                        "from = Security Run <run@example.org>\n" +
                        extra);
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(services->server().port());
  }

  test::ProcessResult run(const std::vector<std::string>& more = {},
                          std::map<std::string, std::string> env = {}) {
    std::vector<std::string> args = {"run", "-c", config()};
    args.insert(args.end(), more.begin(), more.end());
    for (const auto& [name, value] : sandbox::Rehearsal::credentials()) env.emplace(name, value);
    return test::runRacesync(args, env);
  }

  int requests() { return static_cast<int>(services->server().requests().size()); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(security_test)

BOOST_AUTO_TEST_CASE(personal_data_was_world_readable) {
  // Item 3: state.db, links.csv, report.html, outbox/*.eml were 0644 and qr/ 0755.
  Fixture f;
  Umask loose(022);
  auto result = f.run();
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  const std::string out = f.dir.file("out/");
  for (const char* folder : {"", "qr", "outbox"}) {
    BOOST_TEST(modeOf(out + folder) == 0700u, folder);
  }
  for (const char* file : {"racesync.db", "racesync.db.lock", "links.csv", "racemap-import.json",
                           "racemap-import.csv", "report.html"}) {
    BOOST_TEST(modeOf(out + file) == 0600u, file);
  }
  for (const char* suffix : {"-wal", "-shm"}) {
    if (Poco::File(out + "racesync.db" + suffix).exists()) {
      BOOST_TEST(modeOf(out + "racesync.db" + suffix) == 0600u, suffix);
    }
  }
  for (const char* folder : {"qr", "outbox"}) {
    const auto files = entries(out + folder);
    BOOST_TEST(files.size() == 3u, folder);
    for (const auto& file : files) {
      BOOST_TEST(modeOf(out + folder + "/" + file) == 0600u, folder << "/" << file);
    }
  }
}

BOOST_AUTO_TEST_CASE(out_mode_group_opens_the_outputs_to_the_group_only) {
  Fixture f;
  f.writeConfig(f.url(), "[out]\nmode = group\n");
  Umask strict(077);
  auto result = f.run();
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out + result.err);
  const std::string out = f.dir.file("out/");
  BOOST_TEST(modeOf(out + "qr") == 0750u);
  BOOST_TEST(modeOf(out + "links.csv") == 0640u);
  BOOST_TEST(modeOf(out + "report.html") == 0640u);
  BOOST_TEST(modeOf(out + "racesync.db") == 0640u);
  BOOST_TEST(modeOf(out + "outbox/" + entries(out + "outbox").at(0)) == 0640u);
}

BOOST_AUTO_TEST_CASE(dry_run_copy_of_the_state_was_predictable_and_world_readable) {
  // Item 1: the dry run copied the state to /tmp/tmp<PID>aaaaaa.db, 0644.
  Fixture f;
  BOOST_TEST_REQUIRE(f.run().exitCode == 0);
  Poco::File(f.dir.file("tmp")).createDirectories();
  std::mutex mutex;
  std::vector<std::string> seen;  // what TMPDIR held while the dry run was talking to a service
  f.services->server().observe([&](const sandbox::Request&) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!seen.empty()) return;
    for (const auto& name : entries(f.dir.file("tmp"))) {
      const std::string folder = f.dir.file("tmp/" + name);
      char line[160];
      std::snprintf(line, sizeof line, "%s %04o", name.substr(0, 17).c_str(), modeOf(folder));
      seen.push_back(line);
      for (const auto& file : entries(folder)) {
        std::snprintf(line, sizeof line, "%s %04o", file.c_str(), modeOf(folder + "/" + file));
        seen.push_back(line);
      }
    }
  });
  // Without the import, which changed nobody, the keys step reads RACEMAP (a run whose import
  // changes nobody leaves the later steps out and talks to no service).
  auto dry = f.run({"--dry-run", "--steps", "keys"}, {{"TMPDIR", f.dir.file("tmp")}});
  BOOST_TEST_REQUIRE(dry.exitCode == 0, dry.out + dry.err);
  std::lock_guard<std::mutex> lock(mutex);
  BOOST_TEST_REQUIRE(seen.size() >= 2u);
  BOOST_TEST(seen[0] == "racesync-dry-run- 0700");
  BOOST_TEST(seen[1] == "state.db 0600");
  BOOST_TEST(entries(f.dir.file("tmp")).empty());  // gone with the run
}

BOOST_AUTO_TEST_CASE(an_interrupted_dry_run_left_its_copy_behind) {
  Fixture f;
  BOOST_TEST_REQUIRE(f.run().exitCode == 0);
  Poco::File(f.dir.file("tmp")).createDirectories();
  std::mutex mutex;
  std::condition_variable changed;
  bool reached = false;
  bool released = false;
  f.services->server().observe([&](const sandbox::Request&) {
    std::unique_lock<std::mutex> lock(mutex);
    reached = true;
    changed.notify_all();
    changed.wait_for(lock, std::chrono::seconds(20), [&] { return released; });
  });
  Poco::Pipe out;
  Poco::Pipe err;
  // Without the import (it changed nobody, and the later steps would be left out), so that the
  // dry run talks to RACEMAP.
  std::vector<std::string> args = {"run", "-c", f.config(), "--dry-run", "--steps", "keys"};
  Poco::Process::Env env = {{"TMPDIR", f.dir.file("tmp")}};
  for (const auto& [name, value] : sandbox::Rehearsal::credentials()) env[name] = value;
  Poco::ProcessHandle child =
      Poco::Process::launch(test::racesyncBinary(), Poco::Process::Args(args.begin(), args.end()),
                            f.dir.path(), nullptr, &out, &err, env);
  {
    std::unique_lock<std::mutex> lock(mutex);
    BOOST_TEST_REQUIRE(changed.wait_for(lock, std::chrono::seconds(20), [&] { return reached; }));
  }
  BOOST_TEST(entries(f.dir.file("tmp")).size() == 1u);  // the copy, while the run waits
  Poco::Process::requestTermination(child.id());        // SIGINT, as Ctrl-C
  const int status = child.wait();
  {
    std::lock_guard<std::mutex> lock(mutex);
    released = true;
    changed.notify_all();
  }
  BOOST_TEST(status != 0);
  BOOST_TEST(entries(f.dir.file("tmp")).empty());
}

BOOST_AUTO_TEST_CASE(a_token_went_over_plain_http_to_a_remote_host) {
  // Item 2: tokens were sent in clear text to http:// on any host.
  Fixture f;
  f.writeConfig(f.url(), "[raceranger]\nbase_url = http://192.0.2.10:8080\n");
  auto result = f.run();
  BOOST_TEST(result.exitCode == 78);
  BOOST_TEST(contains(result.err,
                      "raceranger.base_url: 'http://192.0.2.10:8080' is plain http: "
                      "RACERANGER_API_KEY would cross the network unencrypted: write "
                      "https://192.0.2.10:8080, or set raceranger.allow_plain_http = true"),
             result.err);
  BOOST_TEST(f.requests() == 0);

  // A lab network the user vouches for: 0.0.0.0 is no loopback name, yet reaches the sandbox.
  const std::string lab = "http://0.0.0.0:" + std::to_string(f.services->server().port());
  f.writeConfig(f.url(), "[raceranger]\nbase_url = " + lab + "\nallow_plain_http = true\n");
  auto allowed = f.run({"--steps", "import,raceranger"});
  BOOST_TEST(allowed.exitCode == 0, allowed.out + allowed.err);
}

BOOST_AUTO_TEST_CASE(credentials_in_a_base_url_were_accepted_and_printed) {
  // Item 5: http://user:secret@host was used and shown in errors and -v lines.
  Fixture f;
  f.writeConfig(f.url(), "[racemap]\nbase_url = http://me:hunter2@127.0.0.1:" +
                             std::to_string(f.services->server().port()) + "\n");
  auto result = f.run({"-v"});
  BOOST_TEST(result.exitCode == 78);
  BOOST_TEST(contains(result.err, "racemap.base_url: 'http://***@127.0.0.1:"), result.err);
  BOOST_TEST(contains(result.err, "export RACEMAP_TOKEN instead"), result.err);
  BOOST_TEST(!contains(result.out + result.err, "hunter2"));
  BOOST_TEST(f.requests() == 0);
}

BOOST_AUTO_TEST_CASE(a_token_a_server_echoed_reached_stdout_and_the_report) {
  // Item 4: an error body echoing the Authorization header was printed and put in report.html.
  Fixture f;
  f.services->racemap().faults().failNext(
      1, 400,
      "{\"error\": \"bad request\", \"echo\": \"Authorization: Bearer " + kRacemapToken + "\"}");
  f.services->raceranger().faults().failNext(
      1, 400,
      "{\"error\": {\"code\": \"bad\", \"message\": \"key " + kRaceRangerKey + " refused\"}}",
      "athletes:import");
  auto result = f.run({"-v"});
  BOOST_TEST(result.exitCode == 69, result.out + result.err);
  const std::string report = test::readFile(f.dir.file("out/report.html"));
  for (const std::string& secret : {kRacemapToken, kRaceRangerKey}) {
    BOOST_TEST(!contains(result.out, secret), secret);
    BOOST_TEST(!contains(result.err, secret), secret);
    BOOST_TEST(!contains(report, secret), secret);
  }
  BOOST_TEST(contains(result.err, "Bearer ***"), result.err);
  BOOST_TEST(contains(result.err, "key *** refused"), result.err);
}

BOOST_AUTO_TEST_CASE(terminal_escapes_from_registrant_data_reached_the_terminal) {
  // Item 6: a bib of 4\e[2J\e]0;PWNED\a cleared the screen through the plan and the progress.
  Fixture f(std::string(kCsv) +
            "3004,4\x1b[2J\x1b]0;PWNED\a,Eve\x1b[31m,Mallory\xc2\x9b"
            "2J,eve@example.org,Marathon\x1b[2J\n");
  auto dry = f.run({"--dry-run", "-v"});
  const std::string plan = dry.out + dry.err;
  BOOST_TEST(!contains(plan, "\x1b"), plan);
  BOOST_TEST(!contains(plan, "\a"), plan);
  BOOST_TEST(!contains(plan, "\xc2\x9b"), plan);
  BOOST_TEST(contains(plan, "\\x1b"), plan);  // the data is there, shown, not obeyed
  auto real = f.run();
  const std::string printed = real.out + real.err;
  BOOST_TEST(!contains(printed, "\x1b"), printed);
  BOOST_TEST(!contains(printed, "\a"), printed);
}

BOOST_AUTO_TEST_CASE(an_endless_next_cursor_was_followed_forever) {
  // Item 7: 11,869 requests in 15 s, holding the lock.
  Fixture f;
  f.services->raceranger().faults().failNext(100000, 200,
                                             "{\"data\": [], \"nextCursor\": \"again\"}", "/races");
  auto result = f.run({"--steps", "import,raceranger"});
  BOOST_TEST(result.exitCode == 69, result.out + result.err);
  BOOST_TEST(contains(result.err,
                      "GET /v1/events/evt_sec/races: page 2 gives nextCursor 'again' again, so "
                      "the listing would never end"),
             result.err);
  BOOST_TEST(f.services->server().countRequests("GET", "/races") == 2);
}

BOOST_AUTO_TEST_CASE(a_malformed_raceranger_answer_escaped_as_exit_70) {
  // Item 8: {"data":{"unchanged":[]}} gave exit 70 "Can not convert to long long".
  Fixture f;
  f.services->raceranger().faults().failNext(1, 200, "{\"data\":{\"unchanged\":[]}}",
                                             "athletes:import");
  auto result = f.run({"--steps", "import,raceranger"});
  BOOST_TEST(result.exitCode == 69, result.out + result.err);
  BOOST_TEST(contains(result.err, "athletes:import: answer field 'data.unchanged' is not a number"),
             result.err);
  BOOST_TEST(!contains(result.err, "Can not convert"), result.err);
}

BOOST_AUTO_TEST_CASE(the_systemd_unit_set_no_umask) {
  // Item 3: the unit let racesync create world-readable files.
  const std::string unit = test::readFile(test::sourceDir() + "/scripts/racesync.service");
  for (const char* line : {"\nUMask=0077\n", "\nPrivateTmp=yes\n", "\nProtectSystem=strict\n",
                           "\nReadWritePaths=/srv/race\n", "\nNoNewPrivileges=yes\n"}) {
    BOOST_TEST(contains(unit, line), line);
  }
}

BOOST_AUTO_TEST_SUITE_END()
