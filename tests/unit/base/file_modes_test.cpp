#include "core/base/file_modes.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

unsigned modeOf(const std::string& path) {
  struct stat info {};
  BOOST_REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// Sets the umask for one test and puts it back.
struct Umask {
  explicit Umask(mode_t mask) : previous(::umask(mask)) {}
  ~Umask() { ::umask(previous); }
  mode_t previous;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(file_modes_test)

BOOST_AUTO_TEST_CASE(reads_private_group_and_octal_modes) {
  FileModes modes;
  BOOST_TEST(FileModes::parse("private", modes));
  BOOST_TEST(modes.file == 0600u);
  BOOST_TEST(modes.folder == 0700u);
  BOOST_TEST(FileModes::parse(" Group ", modes));
  BOOST_TEST(modes.file == 0640u);
  BOOST_TEST(modes.folder == 0750u);
  BOOST_TEST(FileModes::parse("0644", modes));
  BOOST_TEST(modes.file == 0644u);
  BOOST_TEST(modes.folder == 0755u);
  BOOST_TEST(FileModes::parse("660", modes));
  BOOST_TEST(modes.folder == 0770u);
}

BOOST_AUTO_TEST_CASE(refuses_modes_that_lock_the_owner_out_or_let_anyone_write) {
  FileModes modes;
  for (const char* bad :
       {"0400", "0666", "0646", "0755", "0999", "644x", "public", "01", "06440"}) {
    BOOST_TEST(!FileModes::parse(bad, modes), bad);
  }
}

BOOST_AUTO_TEST_CASE(personal_data_files_were_world_readable_under_a_common_umask) {
  // Issue 14, item 3: links.csv, report.html, qr/*.png were 0644 and qr/ 0755 under umask 022.
  Umask loose(022);
  test::TempDir dir;
  writeFileAtomically(dir.file("out/qr/42.png"), "png");
  writeFileAtomically(dir.file("out/links.csv"), "csv", true);
  BOOST_TEST(modeOf(dir.file("out/qr/42.png")) == 0600u);
  BOOST_TEST(modeOf(dir.file("out/links.csv")) == 0600u);
  BOOST_TEST(modeOf(dir.file("out/qr")) == 0700u);
  BOOST_TEST(modeOf(dir.file("out")) == 0700u);
}

BOOST_AUTO_TEST_CASE(the_mode_asked_for_wins_over_the_umask) {
  Umask strict(077);
  test::TempDir dir;
  FileModes group;
  BOOST_REQUIRE(FileModes::parse("group", group));
  writeFileAtomically(dir.file("shared/report.html"), "<html>", false, group);
  BOOST_TEST(modeOf(dir.file("shared/report.html")) == 0640u);
  BOOST_TEST(modeOf(dir.file("shared")) == 0750u);
}

BOOST_AUTO_TEST_CASE(an_unchanged_file_left_open_by_an_older_racesync_is_closed) {
  test::TempDir dir;
  const std::string path = dir.file("links.csv");
  test::writeFile(path, "same");
  ::chmod(path.c_str(), 0644);
  BOOST_TEST(!writeFileIfChanged(path, "same"));
  BOOST_TEST(modeOf(path) == 0600u);
}

BOOST_AUTO_TEST_CASE(apply_mode_closes_an_existing_folder_and_ignores_a_missing_one) {
  test::TempDir dir;
  BOOST_REQUIRE(::mkdir(dir.file("qr").c_str(), 0755) == 0);
  applyMode(dir.file("qr"), FileModes{}, true);
  BOOST_TEST(modeOf(dir.file("qr")) == 0700u);
  applyMode(dir.file("missing"), FileModes{});
}

BOOST_AUTO_TEST_CASE(a_folder_that_cannot_be_created_is_a_store_error_naming_it) {
  test::TempDir dir;
  test::writeFile(dir.file("file"), "x");
  const std::string message =
      test::errorOf<StoreError>([&] { createFolders(dir.file("file/sub"), FileModes{}); });
  BOOST_TEST(message.find(dir.file("file/sub") + ": cannot create the folder") == 0u, message);
}

BOOST_AUTO_TEST_SUITE_END()
