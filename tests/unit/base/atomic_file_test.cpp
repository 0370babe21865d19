#include "core/base/atomic_file.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <Poco/DirectoryIterator.h>

#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::writeFileAtomically;
using racesync::writeFileIfChanged;
namespace test = racesync::test;

namespace {

ino_t inodeOf(const std::string& path) {
  struct stat info {};
  BOOST_REQUIRE_EQUAL(::stat(path.c_str(), &info), 0);
  return info.st_ino;
}

int filesIn(const std::string& dir) {
  int n = 0;
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) ++n;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(atomic_file_test)

BOOST_AUTO_TEST_CASE(writes_the_file_and_creates_its_folder) {
  test::TempDir dir;
  const std::string path = dir.file("qr/a.png");
  writeFileAtomically(path, std::string("x\0y", 3));
  BOOST_TEST(test::readFile(path) == std::string("x\0y", 3));
  BOOST_TEST(filesIn(dir.file("qr")) == 1);  // no temporary file left behind
}

BOOST_AUTO_TEST_CASE(replaces_by_rename_so_the_inode_changes) {
  test::TempDir dir;
  const std::string path = dir.file("links.csv");
  writeFileAtomically(path, "one");
  const ino_t before = inodeOf(path);
  writeFileAtomically(path, "two", true);
  BOOST_TEST(test::readFile(path) == "two");
  BOOST_TEST(inodeOf(path) != before);
}

BOOST_AUTO_TEST_CASE(leaves_an_unchanged_file_alone) {
  test::TempDir dir;
  const std::string path = dir.file("links.csv");
  BOOST_TEST(writeFileIfChanged(path, "same"));
  const ino_t before = inodeOf(path);
  BOOST_TEST(!writeFileIfChanged(path, "same"));
  BOOST_TEST(inodeOf(path) == before);
  BOOST_TEST(writeFileIfChanged(path, "other"));
  BOOST_TEST(test::readFile(path) == "other");
}

BOOST_AUTO_TEST_CASE(names_the_path_when_it_cannot_write) {
  test::TempDir dir;
  test::writeFile(dir.file("blocker"), "a file where a folder should be");
  BOOST_CHECK_EXCEPTION(writeFileAtomically(dir.file("blocker/x.csv"), "x"), racesync::StoreError,
                        [&](const racesync::StoreError& e) {
                          return e.message().find(dir.file("blocker/x.csv") + ": cannot") == 0;
                        });
}

BOOST_AUTO_TEST_SUITE_END()
