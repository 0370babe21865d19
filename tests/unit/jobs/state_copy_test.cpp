#include "jobs/state_copy.h"

#include <Poco/Data/Session.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <csignal>

#include "core/base/errors.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace {

unsigned modeOf(const std::string& path) {
  struct stat info {};
  BOOST_REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

long long entries(const std::string& folder) {
  long long count = 0;
  for (Poco::DirectoryIterator it(folder), end; it != end; ++it) ++count;
  return count;
}

// A store with one run recorded, at `path`.
void seedStore(const std::string& path) {
  StateStore store(path);
  store.beginRun("2026-01-01T00:00:00Z", "import");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(state_copy_test)

BOOST_AUTO_TEST_CASE(dry_run_copy_was_predictable_and_world_readable) {
  // Issue 14, item 1: /tmp/tmp<PID>aaaaaa.db, 0644, that another user could pre-create.
  test::TempDir dir;
  seedStore(dir.file("state.db"));
  const mode_t previous = ::umask(022);
  StateCopy copy(dir.file("state.db"), FileModes{}, dir.file(""));
  ::umask(previous);
  BOOST_TEST(copy.folder().find(dir.file("racesync-dry-run-")) == 0u, copy.folder());
  BOOST_TEST(copy.path() == copy.folder() + "/state.db");
  BOOST_TEST(modeOf(copy.folder()) == 0700u);
  BOOST_TEST(modeOf(copy.path()) == 0600u);
  StateStore store(copy.path());
  int runs = 0;
  store.session() << "SELECT COUNT(*) FROM runs", into(runs), now;
  BOOST_TEST(runs == 1);  // a real copy
  BOOST_TEST(modeOf(copy.path() + "-wal") == 0600u);
}

BOOST_AUTO_TEST_CASE(two_copies_never_share_a_folder) {
  test::TempDir dir;
  StateCopy first(dir.file("none.db"), FileModes{}, dir.path());
  StateCopy second(dir.file("none.db"), FileModes{}, dir.path());
  BOOST_TEST(first.folder() != second.folder());
}

BOOST_AUTO_TEST_CASE(removes_the_copy_and_its_folder_when_it_goes) {
  test::TempDir dir;
  seedStore(dir.file("state.db"));
  Poco::File(dir.file("tmp")).createDirectories();
  {
    StateCopy copy(dir.file("state.db"), FileModes{}, dir.file("tmp"));
    StateStore store(copy.path());  // -wal and -shm appear beside it
  }
  BOOST_TEST(entries(dir.file("tmp")) == 0);
}

BOOST_AUTO_TEST_CASE(starts_empty_when_there_is_no_state_yet) {
  test::TempDir dir;
  StateCopy copy(dir.file("missing.db"), FileModes{}, dir.path());
  BOOST_TEST(Poco::File(copy.path()).getSize() == 0u);
  BOOST_TEST(!Poco::File(dir.file("missing.db")).exists());
}

BOOST_AUTO_TEST_CASE(an_unusable_temp_folder_is_a_store_error_naming_it_and_the_fix) {
  test::TempDir dir;
  const std::string message = test::errorOf<StoreError>(
      [&] { StateCopy copy(dir.file("state.db"), FileModes{}, dir.file("no/such/folder")); });
  BOOST_TEST(message.find(dir.file("no/such/folder/")) == 0u, message);
  BOOST_TEST(message.find("set TMPDIR") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(a_run_stopped_by_a_signal_leaves_no_copy_behind) {
  test::TempDir dir;
  seedStore(dir.file("state.db"));
  const std::string tmp = dir.file("tmp");
  Poco::File(tmp).createDirectories();
  const pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    StateCopy copy(dir.file("state.db"), FileModes{}, tmp);
    ::raise(SIGTERM);  // as `kill` or systemd would stop a run
    ::_exit(0);        // not reached: the signal ends the process
  }
  int status = 0;
  BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
  BOOST_TEST(WIFSIGNALED(status));
  BOOST_TEST(WTERMSIG(status) == SIGTERM);
  BOOST_TEST(entries(tmp) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
