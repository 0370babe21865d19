#include "core/links/links_step.h"

#include <Poco/Data/Session.h>
#include <Poco/File.h>

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/links/redeem_link.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

class NoHttp : public HttpTransport {
 public:
  HttpResponse send(const HttpRequest&) override {
    throw RemoteError("links: no remote call expected");
  }
};

struct Links {
  test::TempDir dir;
  Settings settings = Settings::fromString("out.dir = " + dir.path() + "\nqr.module_px = 4\n");
  StateStore store{":memory:"};
  NoHttp http;
  ManualClock clock;
  SilentProgress progress;

  void add(const std::string& id, const std::string& bib, const std::string& name,
           const std::string& key) {
    std::string i = id, b = bib, n = name, k = key;
    store.session() << "INSERT INTO registrants (id, bib, name) VALUES (?, ?, ?)", use(i), use(b),
        use(n), now;
    if (!key.empty()) {
      store.session() << "INSERT INTO keys (key, state, registration_id) VALUES (?, 'assigned', ?)",
          use(k), use(i), now;
    }
  }
  void set(const std::string& sql) { store.session() << sql, now; }

  StepResult run(bool dryRun = false) {
    RunOptions options;
    options.dryRun = dryRun;
    RunContext context{settings, store, http, clock, progress, options, 1, Plan{}};
    LinksStep step;
    return step.run(context);
  }
  long long count(const StepResult& result, const std::string& name) {
    for (const auto& [key, value] : result.counts) {
      if (key == name) return value;
    }
    return -1;
  }
  std::string qrFile(const std::string& id) {
    std::string i = id, file;
    store.session() << "SELECT qr_file FROM links WHERE registration_id = ?", use(i), into(file),
        now;
    return file;
  }
  std::string path(const std::string& relative) { return dir.path() + "/" + relative; }
  ino_t inode(const std::string& relative) {
    struct stat info {};
    BOOST_REQUIRE_EQUAL(::stat(path(relative).c_str(), &info), 0);
    return info.st_ino;
  }
};

std::string link(const std::string& key, const std::string& bib, const std::string& name) {
  return redeemLink(kDefaultLinkBase, key, bib, name);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(links_step_test)

BOOST_AUTO_TEST_CASE(writes_one_decodable_png_per_registrant_with_a_key) {
  Links links;
  links.add("R1", "42", "Ana López", "AAAAA1");
  links.add("R2", "", "O'Brien & Søn", "AAAAA2");
  links.add("R3", "7", "No Key Yet", "");
  StepResult result = links.run();
  BOOST_TEST(links.count(result, "qr_written") == 2);
  BOOST_TEST(links.qrFile("R1") == "qr/42.png");
  BOOST_TEST(links.qrFile("R2") == "qr/R2.png");
  BOOST_TEST(test::decodeQr(links.path("qr/42.png")) == link("AAAAA1", "42", "Ana López"));
  BOOST_TEST(test::decodeQr(links.path("qr/R2.png")) == link("AAAAA2", "", "O'Brien & Søn"));
  BOOST_TEST(!Poco::File(links.path("qr/7.png")).exists());
}

// Issue 12: a kill while QR codes were written left qr/*.png.tmp-* files that were never removed.
BOOST_AUTO_TEST_CASE(temporary_files_left_by_a_killed_run_are_removed_on_the_next_run) {
  Links links;
  links.add("R1", "42", "Ana López", "AAAAA1");
  links.run();
  test::writeFile(links.path("qr/42.png.tmp-4711-3"), "half a PNG");
  test::writeFile(links.path("qr/43.png.tmp-4711-4"), "");
  test::writeFile(links.path("qr/notes.tmp-x"), "not ours");
  StepResult dry = links.run(true);
  BOOST_TEST(links.count(dry, "leftovers_to_remove") == 2);
  BOOST_TEST(Poco::File(links.path("qr/42.png.tmp-4711-3")).exists(), "a dry run removes nothing");
  StepResult result = links.run();
  BOOST_TEST(links.count(result, "leftovers_removed") == 2);
  BOOST_TEST(!Poco::File(links.path("qr/42.png.tmp-4711-3")).exists());
  BOOST_TEST(!Poco::File(links.path("qr/43.png.tmp-4711-4")).exists());
  BOOST_TEST(Poco::File(links.path("qr/notes.tmp-x")).exists());
  BOOST_TEST(Poco::File(links.path("qr/42.png")).exists());
}

BOOST_AUTO_TEST_CASE(rewrites_only_the_png_whose_link_changed) {
  Links links;
  links.add("R1", "1", "Ana", "AAAAA1");
  links.add("R2", "2", "Ben", "AAAAA2");
  links.run();
  const ino_t one = links.inode("qr/1.png");
  const ino_t two = links.inode("qr/2.png");
  links.set("UPDATE registrants SET name = 'Benjamin' WHERE id = 'R2'");
  StepResult result = links.run();
  BOOST_TEST(links.count(result, "qr_written") == 1);
  BOOST_TEST(links.inode("qr/1.png") == one);
  BOOST_TEST(links.inode("qr/2.png") != two);
  BOOST_TEST(test::decodeQr(links.path("qr/2.png")) == link("AAAAA2", "2", "Benjamin"));
  BOOST_TEST(links.count(links.run(), "qr_written") == 0);
}

BOOST_AUTO_TEST_CASE(renames_the_file_when_the_bib_changes) {
  Links links;
  links.add("R1", "1", "Ana", "AAAAA1");
  links.run();
  links.set("UPDATE registrants SET bib = '11' WHERE id = 'R1'");
  links.run();
  BOOST_TEST(links.qrFile("R1") == "qr/11.png");
  BOOST_TEST(!Poco::File(links.path("qr/1.png")).exists());
  BOOST_TEST(test::decodeQr(links.path("qr/11.png")) == link("AAAAA1", "11", "Ana"));
}

BOOST_AUTO_TEST_CASE(keeps_both_files_when_two_bibs_are_swapped) {
  Links links;
  links.add("R1", "1", "Ana", "AAAAA1");
  links.add("R2", "2", "Ben", "AAAAA2");
  links.run();
  links.set("UPDATE registrants SET bib = CASE id WHEN 'R1' THEN '2' ELSE '1' END");
  links.run();
  BOOST_TEST(links.qrFile("R1") == "qr/2.png");
  BOOST_TEST(links.qrFile("R2") == "qr/1.png");
  BOOST_TEST(test::decodeQr(links.path("qr/2.png")) == link("AAAAA1", "2", "Ana"));
  BOOST_TEST(test::decodeQr(links.path("qr/1.png")) == link("AAAAA2", "1", "Ben"));
}

BOOST_AUTO_TEST_CASE(keeps_an_earlier_file_name_when_a_later_bib_collides) {
  Links links;
  links.add("R1", "1/2", "Ana", "AAAAA1");
  links.run();
  links.add("R2", "1_2", "Ben", "AAAAA2");
  links.run();
  BOOST_TEST(links.qrFile("R1") == "qr/1_2.png");
  BOOST_TEST(links.qrFile("R2") == "qr/1_2_R2.png");
  BOOST_TEST(test::decodeQr(links.path("qr/1_2.png")) == link("AAAAA1", "1/2", "Ana"));
}

BOOST_AUTO_TEST_CASE(removes_link_and_file_when_the_key_was_released) {
  Links links;
  links.add("R1", "1", "Ana", "AAAAA1");
  links.run();
  links.set("UPDATE keys SET state = 'released', registration_id = NULL, released_from = 'R1'");
  StepResult result = links.run();
  BOOST_TEST(links.count(result, "links_removed") == 1);
  BOOST_TEST(links.qrFile("R1") == "");
  BOOST_TEST(!Poco::File(links.path("qr/1.png")).exists());
}

BOOST_AUTO_TEST_CASE(a_dry_run_writes_nothing) {
  Links links;
  links.add("R1", "1", "Ana", "AAAAA1");
  StepResult result = links.run(true);
  BOOST_TEST(links.count(result, "qr_to_write") == 1);
  BOOST_TEST(!Poco::File(links.path("qr")).exists());
  BOOST_TEST(links.qrFile("R1") == "");
}

BOOST_AUTO_TEST_SUITE_END()
