#include "core/run/run_lock.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::RunLock;

BOOST_AUTO_TEST_SUITE(run_lock_test)

BOOST_AUTO_TEST_CASE(second_lock_names_the_holder_and_is_temporary) {
  racesync::test::TempDir dir;
  std::string state = dir.file("racesync.db");
  RunLock first(state);
  try {
    RunLock second(state);
    BOOST_FAIL("expected a TemporaryError");
  } catch (const racesync::TemporaryError& e) {
    BOOST_TEST(e.message() == state + ".lock: another racesync run (process " +
                                  std::to_string(::getpid()) +
                                  ") is working on this state: wait for it to finish, then run "
                                  "again");
  }
}

BOOST_AUTO_TEST_CASE(lock_is_free_again_after_release) {
  racesync::test::TempDir dir;
  std::string state = dir.file("racesync.db");
  { RunLock first(state); }
  RunLock second(state);
  BOOST_TEST(racesync::test::readFile(state + ".lock") == std::to_string(::getpid()) + "\n");
}

BOOST_AUTO_TEST_SUITE_END()
