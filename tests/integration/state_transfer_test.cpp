// racesync state export|import (issue 18): the demo's state moved into another store and back
// with every row as it was; on PostgreSQL (RACESYNC_TEST_PG) the configured store is the test
// database (tests/support), so the same round trip goes SQLite -> PostgreSQL -> SQLite.
#include <boost/test/unit_test.hpp>

#include "core/store/state_store.h"
#include "tests/support/state_dump.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

struct Demo {
  test::TempDir dir;
  std::string demoDb = dir.file("demo/racesync.db");
  std::string config = dir.file("race.ini");

  Demo() {
    auto demo = test::runRacesync({"demo", "--out", dir.file("demo"), "--seed", "7"});
    BOOST_TEST_REQUIRE(demo.exitCode == 0, demo.out << demo.err);
    // The configured store: state.db here, the test database on PostgreSQL (RACESYNC_STATE_URL).
    test::writeFile(config, "[event]\nname = Stadtlauf\n[state]\npath = state.db\n");
  }

  std::vector<std::string> dump(const std::string& path) {
    StateStore store(path);
    return test::dumpState(store);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(state_transfer_test)

BOOST_AUTO_TEST_CASE(round_trips_the_demo_state_with_every_row) {
  Demo demo;
  auto in = test::runRacesync({"state", "import", "-c", demo.config, "--from", demo.demoDb});
  BOOST_TEST_REQUIRE(in.exitCode == 0, in.out << in.err);
  BOOST_TEST(
      in.out.find("copy: 376 registrants, 376 keys, 376 links, 375 mails") != std::string::npos,
      in.out);
  std::string back = demo.dir.file("back.db");
  auto out = test::runRacesync({"state", "export", "-c", demo.config, "--to", back});
  BOOST_TEST_REQUIRE(out.exitCode == 0, out.out << out.err);
  BOOST_TEST(
      out.out.find("done: " + back + " holds 376 registrants and 376 keys") != std::string::npos,
      out.out);
  std::vector<std::string> before = demo.dump(demo.demoDb);
  BOOST_TEST(before.size() > 1800u);
  BOOST_TEST(before == demo.dump(back), boost::test_tools::per_element());
  // What the configured store holds is what status counts.
  auto status = test::runRacesync({"status", "-c", demo.config, "--json"});
  BOOST_TEST(status.out.find("\"keys_assigned\": 376") != std::string::npos, status.out);
}

BOOST_AUTO_TEST_CASE(never_merges_into_a_state_unless_replace) {
  Demo demo;
  auto first = test::runRacesync({"state", "import", "-c", demo.config, "--from", demo.demoDb});
  BOOST_TEST_REQUIRE(first.exitCode == 0, first.err);
  auto again = test::runRacesync({"state", "import", "-c", demo.config, "--from", demo.demoDb});
  BOOST_TEST(again.exitCode == 65);
  BOOST_TEST(again.err.find("already holds a state (376 registrants, 376 keys): nothing was "
                            "copied; pass --replace") != std::string::npos,
             again.err);
  auto dry = test::runRacesync(
      {"state", "import", "-c", demo.config, "--from", demo.demoDb, "--replace", "--dry-run"});
  BOOST_TEST(dry.exitCode == 0, dry.err);
  BOOST_TEST(dry.out.find("removed first (376 registrants, 376 keys)") != std::string::npos);
  BOOST_TEST(dry.out.find("done:") == std::string::npos);
  auto replaced =
      test::runRacesync({"state", "import", "-c", demo.config, "--from", demo.demoDb, "--replace"});
  BOOST_TEST(replaced.exitCode == 0, replaced.err);
}

BOOST_AUTO_TEST_CASE(says_what_it_needs) {
  Demo demo;
  auto noTarget = test::runRacesync({"state", "export", "-c", demo.config});
  BOOST_TEST(noTarget.exitCode == 64);
  BOOST_TEST(noTarget.err.find("--to SQLITE-PATH or postgresql://USER@HOST/DB") !=
             std::string::npos);
  auto missing =
      test::runRacesync({"state", "import", "-c", demo.config, "--from", demo.dir.file("no.db")});
  BOOST_TEST(missing.exitCode == 65);
  BOOST_TEST(missing.err == "racesync: " + demo.dir.file("no.db") +
                                ": no state store there: check the path (a state is copied from "
                                "a store that racesync has run on)\n");
  auto what = test::runRacesync({"state", "copy", "-c", demo.config});
  BOOST_TEST(what.exitCode == 64);
}

BOOST_AUTO_TEST_SUITE_END()
