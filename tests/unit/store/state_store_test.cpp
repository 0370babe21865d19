#include "core/store/state_store.h"

#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/store/schema.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using racesync::StateStore;

BOOST_AUTO_TEST_SUITE(state_store_test)

BOOST_AUTO_TEST_CASE(migrates_a_new_store_to_the_current_version) {
  StateStore store(":memory:");
  BOOST_TEST(store.schemaVersion() == racesync::currentSchemaVersion());
}

BOOST_AUTO_TEST_CASE(rolls_back_a_failed_transaction) {
  StateStore store(":memory:");
  BOOST_CHECK_THROW(store.transact([&] {
    store.session() << "INSERT INTO meta (k, v) VALUES ('a', 'b')", now;
    throw racesync::InputError("boom");
  }),
                    racesync::InputError);
  int rows = -1;
  store.session() << "SELECT count(*) FROM meta", into(rows), now;
  BOOST_TEST(rows == 0);
}

BOOST_AUTO_TEST_CASE(refuses_a_store_from_a_newer_racesync) {
  Poco::TemporaryFile file;
  {
    StateStore store(file.path());
    store.session() << "PRAGMA user_version = 999", now;
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
    store.transact([&] { store.session() << "INSERT INTO meta (k, v) VALUES ('x', 'y')", now; });
  }
  StateStore again(file.path());
  std::string value;
  again.session() << "SELECT v FROM meta WHERE k = 'x'", into(value), now;
  BOOST_TEST(value == "y");
  std::string mode;
  again.session() << "PRAGMA journal_mode", into(mode), now;
  BOOST_TEST(mode == "wal");
}

BOOST_AUTO_TEST_SUITE_END()
