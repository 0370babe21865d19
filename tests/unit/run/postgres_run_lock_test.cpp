// The run lock on a shared PostgreSQL state: an advisory lock per event, held by a session of its
// own. Needs RACESYNC_TEST_PG (scripts/pg-test-server); skips without it.
#include <Poco/Environment.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/run/run_lock.h"
#include "tests/support/test_support.h"
#include "tests/unit/store/test_store.h"

using racesync::RunLock;
using racesync::TemporaryError;
using racesync::test::testPgLocation;
using racesync::test::uniqueEvent;

namespace {

std::string holderText(pid_t pid) {
  return "(host " + Poco::Environment::nodeName() + ", process " + std::to_string(pid) + ")";
}

// Forks a child that takes the lock of `location`, says so on a pipe and waits to be killed.
pid_t holdInChild(const racesync::StateLocation& location) {
  int ready[2];
  BOOST_REQUIRE(::pipe(ready) == 0);
  pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    RunLock held(location);
    char byte = 'x';
    if (::write(ready[1], &byte, 1) != 1) ::_exit(1);
    ::pause();
    ::_exit(0);
  }
  char byte = 0;
  BOOST_REQUIRE(::read(ready[0], &byte, 1) == 1);
  ::close(ready[0]);
  ::close(ready[1]);
  return child;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(postgres_run_lock_test,
                      *boost::unit_test::precondition(racesync::test::hasTestPg))

BOOST_AUTO_TEST_CASE(second_run_on_one_event_names_the_host_and_process_of_the_first) {
  auto location = testPgLocation(uniqueEvent("lock"));
  RunLock first(location);
  std::string message = racesync::test::errorOf<TemporaryError>([&] { RunLock second(location); });
  BOOST_TEST(message == location.name() + ": another racesync run " + holderText(::getpid()) +
                            " is working on this event's state: wait for it to finish, then "
                            "run again");
  BOOST_TEST(first.path().empty());
}

BOOST_AUTO_TEST_CASE(runs_on_different_events_do_not_block_each_other) {
  RunLock spring(testPgLocation(uniqueEvent("spring")));
  RunLock autumn(testPgLocation(uniqueEvent("autumn")));
  BOOST_TEST(spring.path().empty());
}

BOOST_AUTO_TEST_CASE(lock_is_free_again_after_release) {
  auto location = testPgLocation(uniqueEvent("lock"));
  { RunLock first(location); }
  RunLock second(location);
  BOOST_TEST(second.path().empty());
}

// What broke one full test run in four: the lock was let go by ending the session, which the
// server notices a moment after the client has moved on, so a run started right after another
// could be told that the first still held the event. Now the lock is released before the session
// ends: free the moment the first run is done, every time.
BOOST_AUTO_TEST_CASE(a_released_lock_is_free_at_once_not_when_the_server_sees_the_session_end) {
  auto location = testPgLocation(uniqueEvent("again"));
  int taken = 0;
  for (int i = 0; i < 100; ++i) {
    { RunLock first(location); }
    RunLock next(location);
    taken += next.path().empty() ? 1 : 0;
  }
  BOOST_TEST(taken == 100);
}

// A killed run loses its session, and with it the lock: the next run needs nobody to clean up.
BOOST_AUTO_TEST_CASE(killed_holder_is_named_and_then_frees_the_lock) {
  auto location = testPgLocation(uniqueEvent("kill"));
  pid_t child = holdInChild(location);
  std::string message = racesync::test::errorOf<TemporaryError>([&] { RunLock second(location); });
  BOOST_TEST(message.find(holderText(child)) != std::string::npos, message);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  // The server ends the session when it sees the socket closed: wait for that, up to ~10 s.
  bool taken = false;
  for (int attempt = 0; attempt < 200 && !taken; ++attempt) {
    try {
      RunLock again(location);
      taken = true;
    } catch (const TemporaryError&) {
      ::usleep(50000);
    }
  }
  BOOST_TEST(taken);
}

BOOST_AUTO_TEST_CASE(unreachable_server_is_a_store_error) {
  auto location = testPgLocation("e");
  location.conninfo = "host=127.0.0.1 port=1 user=nobody dbname=none";
  std::string message =
      racesync::test::errorOf<racesync::StoreError>([&] { RunLock lock(location); });
  BOOST_TEST(message.find(location.name() + ": cannot take the run lock: ") == 0u, message);
}

BOOST_AUTO_TEST_SUITE_END()
