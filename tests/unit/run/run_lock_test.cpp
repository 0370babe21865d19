#include "core/run/run_lock.h"

#include <sys/wait.h>
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

// Issue 12: a second run said "process unknown" instead of the first run's id (4 of 5 times).
// Another process holds the lock here, taken again and again, and each second attempt right after
// it must name that process.
BOOST_AUTO_TEST_CASE(a_second_run_names_the_first_runs_process_every_time) {
  racesync::test::TempDir dir;
  std::string state = dir.file("racesync.db");
  for (int round = 0; round < 5; ++round) {
    int ready[2], stop[2];
    BOOST_REQUIRE(::pipe(ready) == 0 && ::pipe(stop) == 0);
    pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
      RunLock held(state);
      char byte = 'x';
      if (::write(ready[1], &byte, 1) != 1 || ::read(stop[0], &byte, 1) < 0) ::_exit(1);
      ::_exit(0);
    }
    char byte = 0;
    BOOST_REQUIRE(::read(ready[0], &byte, 1) == 1);
    std::string message =
        racesync::test::errorOf<racesync::TemporaryError>([&] { RunLock second(state); });
    BOOST_TEST(message.find("(process " + std::to_string(child) + ")") != std::string::npos,
               message);
    BOOST_REQUIRE(::write(stop[1], &byte, 1) == 1);
    int status = 0;
    ::waitpid(child, &status, 0);
    for (int fd : {ready[0], ready[1], stop[0], stop[1]}) ::close(fd);
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
