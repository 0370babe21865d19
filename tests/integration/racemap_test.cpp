// `racesync run --steps import,keys,links,racemap` with the real binary on a copy of samples/,
// against the RACEMAP sandbox in this process: the deficit asked once, every QR code decoded,
// nothing rewritten by a second run, no key asked twice or assigned twice after a crash.
#include "sandbox/racemap_sandbox.h"
#include "sandbox/sandbox_server.h"

#include <Poco/Data/Session.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>

#include "core/links/redeem_link.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using sandbox::RacemapSandbox;
using test::readFile;
using test::runRacesync;
using test::TempDir;
using test::writeFile;

namespace {

constexpr int kSampleRegistrants = 376;  // see import_test.cpp
const char* kEvent = "lakeside-2026";
const char* kToken = "racemap-test-token";
const std::vector<std::string> kSteps = {"--steps", "import,keys,links,racemap"};

// A RACEMAP sandbox that can hold the answer to a generate call after doing the work, until the
// test lets it go: the moment a crash would lose the answer.
class HoldingRacemap : public RacemapSandbox {
 public:
  HoldingRacemap() : RacemapSandbox(kToken, "organiser", 11) {}
  sandbox::Response handle(const sandbox::Request& request) override {
    sandbox::Response response = RacemapSandbox::handle(request);
    if (request.path.find("generate_starter_keys") != std::string::npos) {
      std::unique_lock<std::mutex> lock(mutex_);
      done_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return !hold_ || released_; });
    }
    return response;
  }
  void holdGenerateAnswers() {
    std::lock_guard<std::mutex> lock(mutex_);
    hold_ = true;
  }
  void waitUntilGenerated() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return done_; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool hold_ = false;
  bool done_ = false;
  bool released_ = false;
};

struct Setup {
  sandbox::SandboxServer server;
  std::shared_ptr<HoldingRacemap> racemap = std::make_shared<HoldingRacemap>();
  TempDir dir;
  std::map<std::string, std::string> env{{"RACEMAP_TOKEN", kToken}};

  Setup() {
    racemap->addEvent(kEvent, "Lakeside Running Festival 2026");
    server.add(racemap);
    server.start();
    for (const char* name : {"registrations.csv", "anmeldungen-de.csv"}) {
      writeFile(dir.file(name), readFile(test::sourceDir() + "/samples/" + name));
    }
    std::string ini = readFile(test::sourceDir() + "/samples/racesync.ini");
    const std::string placeholder = "event_id = lakeside-2026";
    ini.replace(ini.find(placeholder), placeholder.size(),
                std::string("event_id = ") + kEvent + "\nbase_url = " + server.baseUrl() +
                    "\ntimeout_ms = 20000");
    writeFile(dir.file("racesync.ini"), ini);
  }
  ~Setup() { racemap->release(); }

  std::string config() const { return dir.file("racesync.ini"); }
  std::string out(const std::string& name = "") const {
    return dir.file("out") + (name.empty() ? "" : "/" + name);
  }
  test::ProcessResult run() {
    std::vector<std::string> args = {"run", "-c", config()};
    args.insert(args.end(), kSteps.begin(), kSteps.end());
    return runRacesync(args, env);
  }
};

// registration id -> key, from the store the runs wrote.
std::map<std::string, std::string> assignedKeys(const std::string& config) {
  auto store = test::openTestStore(config);
  std::vector<std::string> ids;
  std::vector<std::string> keys;
  store->sql("SELECT registration_id, key FROM keys WHERE state = 'assigned'"), into(ids),
      into(keys), now;
  std::map<std::string, std::string> result;
  for (size_t i = 0; i < ids.size(); ++i) result[ids[i]] = keys[i];
  return result;
}

struct Expected {
  std::string link;
  std::string qrFile;
};

// What each registrant's link must be, computed from the store's registrants and keys (not from
// the links table), and where its QR code is.
std::map<std::string, Expected> expectedLinks(const std::string& config) {
  auto store = test::openTestStore(config);
  std::vector<std::string> ids, bibs, firsts, lasts, names, keys, files;
  store->sql(
      "SELECT r.id, r.bib, r.first_name, r.last_name, r.name, k.key, "
      "coalesce(l.qr_file, '') FROM registrants r JOIN keys k "
      "ON k.registration_id = r.id LEFT JOIN links l ON l.registration_id = r.id"),
      into(ids), into(bibs), into(firsts), into(lasts), into(names), into(keys), into(files), now;
  std::map<std::string, Expected> result;
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string name = names[i].empty() ? firsts[i] + " " + lasts[i] : names[i];
    result[ids[i]] = Expected{redeemLink(kDefaultLinkBase, keys[i], bibs[i], name), files[i]};
  }
  return result;
}

struct FileStamp {
  ino_t inode;
  long long mtimeNs;
  bool operator==(const FileStamp& o) const { return inode == o.inode && mtimeNs == o.mtimeNs; }
};

std::map<std::string, FileStamp> stamps(const std::string& outDir) {
  std::map<std::string, FileStamp> result;
  auto add = [&](const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) {
      result[path] =
          FileStamp{info.st_ino, info.st_mtim.tv_sec * 1000000000LL + info.st_mtim.tv_nsec};
    }
  };
  for (const char* name : {"links.csv", "racemap-import.json", "racemap-import.csv"}) {
    add(outDir + "/" + name);
  }
  for (Poco::DirectoryIterator it(outDir + "/qr"), end; it != end; ++it) add(it->path());
  return result;
}

void checkOneKeyEach(const Setup& setup) {
  auto keys = assignedKeys(setup.config());
  BOOST_TEST(keys.size() == size_t(kSampleRegistrants));
  std::set<std::string> distinct;
  for (const auto& entry : keys) distinct.insert(entry.second);
  BOOST_TEST(distinct.size() == keys.size());
  const auto listed = setup.racemap->keys(kEvent);
  const std::set<std::string> existing(listed.begin(), listed.end());
  for (const auto& key : distinct) BOOST_TEST(existing.count(key) == 1u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(racemap_test)

BOOST_AUTO_TEST_CASE(a_first_run_requests_the_deficit_once_and_every_qr_decodes_to_its_link) {
  Setup setup;
  setup.racemap->addKeys(kEvent, {"FREE01", "FREE02", "FREE03", "FREE04", "TAKEN1", "TAKEN2"});
  setup.racemap->addStarter(kEvent, {"", "Walk-in One", "901", "taken1", false, ""});
  setup.racemap->addStarter(kEvent, {"", "Walk-in Two", "902", "TAKEN2", true, "other-system"});
  auto run = setup.run();
  BOOST_TEST_REQUIRE(run.exitCode == 0, run.out + run.err);
  BOOST_TEST(setup.racemap->generateCalls(kEvent) == 1);
  BOOST_TEST(setup.racemap->keysGenerated(kEvent) == kSampleRegistrants - 4);

  checkOneKeyEach(setup);
  auto keys = assignedKeys(setup.config());
  for (const auto& entry : keys) {
    BOOST_TEST(entry.second != "TAKEN1");
    BOOST_TEST(entry.second != "TAKEN2");
  }

  const std::string linksCsv = readFile(setup.out("links.csv"));
  auto expected = expectedLinks(setup.config());
  BOOST_TEST(expected.size() == size_t(kSampleRegistrants));
  for (const auto& [id, want] : expected) {
    BOOST_TEST_REQUIRE(!want.qrFile.empty());
    BOOST_TEST(test::decodeQr(setup.out(want.qrFile)) == want.link, id);
    BOOST_TEST(linksCsv.find("," + want.link + "," + want.qrFile + ",active") != std::string::npos,
               id);
  }
  const std::string json = readFile(setup.out("racemap-import.json"));
  BOOST_TEST(json.find("\"key\": \"" + keys.begin()->second + "\"") != std::string::npos);
  BOOST_TEST(readFile(setup.out("racemap-import.csv")).rfind("startnumber;name;key;tags\r\n", 0) ==
             0u);
}

// Issue 13: out.csv_dialect = excel writes links.csv with a BOM, CRLF and the list separator of
// out.csv_locale: ',' for en, ';' for de (the default).
BOOST_AUTO_TEST_CASE(excel_links_csv_follows_out_csv_locale) {
  Setup setup;
  const std::string ini = readFile(setup.config());
  writeFile(setup.config(), ini + "\n[out]\ncsv_dialect = excel\ncsv_locale = en\n");
  auto english = setup.run();
  BOOST_TEST_REQUIRE(english.exitCode == 0, english.out + english.err);
  BOOST_TEST(readFile(setup.out("links.csv"))
                 .rfind("\xEF\xBB\xBFregistration_id,bib,first_name,last_name,", 0) == 0u);
  writeFile(setup.config(), ini + "\n[out]\ncsv_dialect = excel\n");
  auto german = setup.run();
  BOOST_TEST_REQUIRE(german.exitCode == 0, german.out + german.err);
  BOOST_TEST(readFile(setup.out("links.csv"))
                 .rfind("\xEF\xBB\xBFregistration_id;bib;first_name;last_name;", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(a_second_run_makes_no_generate_call_and_rewrites_no_file) {
  Setup setup;
  auto first = setup.run();
  BOOST_TEST_REQUIRE(first.exitCode == 0, first.out + first.err);
  const auto before = stamps(setup.out());
  BOOST_TEST(before.size() == size_t(kSampleRegistrants + 3));
  const auto keysBefore = assignedKeys(setup.config());

  auto second = setup.run();
  BOOST_TEST_REQUIRE(second.exitCode == 0, second.out + second.err);
  BOOST_TEST(setup.racemap->generateCalls(kEvent) == 1);
  BOOST_TEST(setup.server.countRequests("POST", "generate_starter_keys") == 1);
  BOOST_TEST((stamps(setup.out()) == before));
  BOOST_TEST((assignedKeys(setup.config()) == keysBefore));
}

BOOST_AUTO_TEST_CASE(a_dropped_answer_then_a_rerun_asks_no_key_twice) {
  Setup setup;
  setup.racemap->faults().dropAfterHandling(1, "generate_starter_keys");
  auto first = setup.run();
  BOOST_TEST(first.exitCode == 0, first.out + first.err);
  auto second = setup.run();
  BOOST_TEST(second.exitCode == 0, second.out + second.err);
  BOOST_TEST(setup.server.countRequests("POST", "generate_starter_keys") == 1);
  BOOST_TEST(setup.racemap->keysGenerated(kEvent) == kSampleRegistrants);
  checkOneKeyEach(setup);
}

BOOST_AUTO_TEST_CASE(a_run_killed_while_waiting_for_the_answer_then_a_rerun_asks_no_key_twice) {
  Setup setup;
  setup.racemap->holdGenerateAnswers();
  std::vector<std::string> args = {"run", "-c", setup.config()};
  args.insert(args.end(), kSteps.begin(), kSteps.end());
  Poco::Pipe out;
  Poco::Pipe err;
  Poco::Process::Env env(setup.env.begin(), setup.env.end());
  Poco::ProcessHandle child = Poco::Process::launch(racesync::test::racesyncBinary(),
                                                    Poco::Process::Args(args.begin(), args.end()),
                                                    setup.dir.path(), nullptr, &out, &err, env);
  setup.racemap->waitUntilGenerated();  // the keys exist; the answer is held back
  Poco::Process::kill(child);
  const int status = child.wait();
  BOOST_TEST(status != 0);
  setup.racemap->release();
  BOOST_TEST(setup.racemap->keysGenerated(kEvent) == kSampleRegistrants);

  auto rerun = setup.run();
  BOOST_TEST(rerun.exitCode == 0, rerun.out + rerun.err);
  BOOST_TEST(setup.server.countRequests("POST", "generate_starter_keys") == 1);
  BOOST_TEST(setup.racemap->keysGenerated(kEvent) == kSampleRegistrants);
  checkOneKeyEach(setup);
  auto again = setup.run();
  BOOST_TEST(again.exitCode == 0, again.out + again.err);
  BOOST_TEST(setup.server.countRequests("POST", "generate_starter_keys") == 1);
}

BOOST_AUTO_TEST_CASE(a_refused_token_exits_69_and_names_racemap_token) {
  Setup setup;
  setup.env["RACEMAP_TOKEN"] = "not-the-token";
  auto run = setup.run();
  BOOST_TEST(run.exitCode == 69);
  BOOST_TEST(run.err.find("GET /api/inspect: HTTP 401") != std::string::npos, run.err);
  BOOST_TEST(run.err.find("RACEMAP_TOKEN") != std::string::npos, run.err);
  BOOST_TEST(run.err.find("not-the-token") == std::string::npos);
  BOOST_TEST(setup.server.countRequests("POST", "generate_starter_keys") == 0);
}

BOOST_AUTO_TEST_CASE(an_unreachable_racemap_exits_69) {
  Setup setup;
  setup.server.stop();  // the port is closed: nothing answers there
  auto run = setup.run();
  BOOST_TEST(run.exitCode == 69, run.out + run.err);
  BOOST_TEST(run.err.find("racemap.base_url") != std::string::npos, run.err);
}

BOOST_AUTO_TEST_CASE(a_dry_run_plans_the_request_and_writes_nothing) {
  Setup setup;
  auto import = runRacesync({"run", "-c", setup.config(), "--steps", "import"}, setup.env);
  BOOST_TEST_REQUIRE(import.exitCode == 0, import.out + import.err);
  auto run = runRacesync(
      {"run", "-c", setup.config(), "--dry-run", "--steps", "keys,links,racemap"}, setup.env);
  BOOST_TEST(run.exitCode == 0, run.out + run.err);
  BOOST_TEST(run.out.find("request " + std::to_string(kSampleRegistrants) +
                          " keys from RACEMAP "
                          "event " +
                          kEvent) != std::string::npos,
             run.out);
  BOOST_TEST(setup.racemap->generateCalls(kEvent) == 0);
  BOOST_TEST(!Poco::File(setup.out("links.csv")).exists());
}

BOOST_AUTO_TEST_SUITE_END()
