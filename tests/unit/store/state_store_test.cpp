#include "core/store/state_store.h"

#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/store/schema.h"
#include "tests/support/test_support.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using racesync::StateStore;

namespace {

unsigned modeOf(const std::string& path) {
  struct stat info {};
  BOOST_REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(state_store_test)

BOOST_AUTO_TEST_CASE(migrates_a_new_store_to_the_current_version) {
  StateStore store(":memory:");
  BOOST_TEST(store.schemaVersion() == racesync::currentSchemaVersion());
}

BOOST_AUTO_TEST_CASE(rolls_back_a_failed_transaction) {
  StateStore store(":memory:");
  BOOST_CHECK_THROW(store.transact([&] {
    store.sql("INSERT INTO meta (k, v) VALUES ('a', 'b')"), now;
    throw racesync::InputError("boom");
  }),
                    racesync::InputError);
  int rows = -1;
  store.sql("SELECT count(*) FROM meta"), into(rows), now;
  BOOST_TEST(rows == 0);
}

BOOST_AUTO_TEST_CASE(refuses_a_store_from_a_newer_racesync) {
  Poco::TemporaryFile file;
  {
    StateStore store(file.path());
    store.sql("PRAGMA user_version = 999"), now;
  }
  try {
    StateStore again(file.path());
    BOOST_FAIL("expected a StoreError");
  } catch (const racesync::StoreError& e) {
    BOOST_TEST(e.message().find("newer than this racesync knows") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(keeps_data_across_reopen_in_wal_mode) {
  Poco::TemporaryFile file;
  {
    StateStore store(file.path());
    store.transact([&] { store.sql("INSERT INTO meta (k, v) VALUES ('x', 'y')"), now; });
  }
  StateStore again(file.path());
  std::string value;
  again.sql("SELECT v FROM meta WHERE k = 'x'"), into(value), now;
  BOOST_TEST(value == "y");
  std::string mode;
  again.sql("PRAGMA journal_mode"), into(mode), now;
  BOOST_TEST(mode == "wal");
}

BOOST_AUTO_TEST_CASE(the_store_was_world_readable) {
  // Issue 14, item 3: state.db (and its -wal and -shm) holds every registrant; it was 0644.
  racesync::test::TempDir dir;
  const mode_t previous = ::umask(022);
  {
    StateStore store(dir.file("out/racesync.db"));
    store.transact([&] { store.sql("INSERT INTO meta (k, v) VALUES ('x', 'y')"), now; });
    for (const char* suffix : {"", "-wal", "-shm"}) {
      BOOST_TEST(modeOf(dir.file("out/racesync.db") + suffix) == 0600u, suffix);
    }
    BOOST_TEST(modeOf(dir.file("out")) == 0700u);
  }
  ::umask(previous);
  // One an older racesync left open is closed on the next open; out.mode = group opens it.
  ::chmod(dir.file("out/racesync.db").c_str(), 0644);
  { StateStore again(dir.file("out/racesync.db")); }
  BOOST_TEST(modeOf(dir.file("out/racesync.db")) == 0600u);
  { StateStore shared(dir.file("out/racesync.db"), racesync::FileModes{0640, 0750}); }
  BOOST_TEST(modeOf(dir.file("out/racesync.db")) == 0640u);
}

BOOST_AUTO_TEST_SUITE_END()
