// The test support's PostgreSQL side (tests/support/test_support.h): with RACESYNC_TEST_PG (the
// CTest fixture `postgres`), each TempDir gets a database of its own on the private server, and
// every racesync started on a TempDir is pointed at it through RACESYNC_STATE_URL.
#include <boost/test/unit_test.hpp>

#include "tests/support/test_support.h"

using namespace racesync;

namespace {

// What psql says to `sql` on the database of `url` ("" and the error when it fails).
test::ProcessResult psql(const std::string& url, const std::string& sql) {
  return test::runProcess("/usr/bin/psql", {url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_support_test)

BOOST_AUTO_TEST_CASE(gives_each_temp_dir_a_database_of_its_own) {
  if (!test::onPostgres()) {
    BOOST_TEST(test::testStateUrl("/tmp/x").empty());
    return;
  }
  test::TempDir a, b;
  std::string urlA = test::testStateUrl(a.path());
  BOOST_TEST(urlA.rfind("postgresql://racesync@127.0.0.1:", 0) == 0u, urlA);
  BOOST_TEST(test::testStateUrl(a.path()) == urlA);  // created once, then the same
  BOOST_TEST(test::testStateUrl(b.path()) != urlA);
  auto answer = psql(urlA, "SELECT current_database()");
  BOOST_TEST_REQUIRE(answer.exitCode == 0, answer.err);
  BOOST_TEST(urlA.substr(urlA.rfind('/') + 1) + "\n" == answer.out);
}

BOOST_AUTO_TEST_CASE(points_a_racesync_started_on_a_temp_dir_at_its_database) {
  test::TempDir outer;
  auto env = test::racesyncEnvironment({"run", "-c", outer.file("race.ini")}, {{"A", "1"}});
  BOOST_TEST(env["A"] == "1");
  if (!test::onPostgres()) {
    BOOST_TEST(env.count("RACESYNC_STATE_URL") == 0u);
    return;
  }
  BOOST_TEST(env["RACESYNC_STATE_URL"] == test::testStateUrl(outer.path()));
  // Outside every TempDir: nothing; set by the test: kept.
  BOOST_TEST(test::racesyncEnvironment({"--version"}, {}).count("RACESYNC_STATE_URL") == 0u);
  BOOST_TEST(test::racesyncEnvironment({"demo", "--out", outer.file("demo")},
                                       {{"RACESYNC_STATE_URL", "mine"}})["RACESYNC_STATE_URL"] ==
             "mine");
  // The working folder counts too.
  BOOST_TEST(test::racesyncEnvironment({"status"}, {}, outer.path())["RACESYNC_STATE_URL"] ==
             test::testStateUrl(outer.path()));
}

BOOST_AUTO_TEST_SUITE_END()
