// `racesync run` as a whole: the lock, the configuration check, and (with the sandboxes) the
// complete job twice over, the dry run and the report.
#include <Poco/File.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "core/run/run_lock.h"
#include "tests/support/test_support.h"

using racesync::test::runRacesync;
using racesync::test::TempDir;
using racesync::test::writeFile;

BOOST_AUTO_TEST_SUITE(run_test)

BOOST_AUTO_TEST_CASE(a_second_run_on_the_same_state_exits_75_naming_the_first) {
  TempDir dir;
  writeFile(dir.file("race.ini"), "[registrations]\nfiles = reg.csv\n[out]\ndir = out\n");
  racesync::RunLock held(dir.file("out/racesync.db"));
  auto result = runRacesync({"run", "-c", dir.file("race.ini"), "--steps", "import"});
  BOOST_TEST(result.exitCode == 75);
  BOOST_TEST(result.err == "racesync: " + dir.file("out/racesync.db") +
                               ".lock: another racesync run (process " +
                               std::to_string(::getpid()) +
                               ") is working on this state: wait for it to finish, then run "
                               "again\n");
}

BOOST_AUTO_TEST_CASE(a_secret_in_the_configuration_exits_78_before_anything_else) {
  TempDir dir;
  writeFile(dir.file("race.ini"), "[racemap]\nevent_id = e1\ntoken = s3cr3t\n");
  auto result = runRacesync({"run", "-c", dir.file("race.ini")});
  BOOST_TEST(result.exitCode == 78);
  BOOST_TEST(result.err ==
             "racesync: race.ini: racemap.token: secrets do not belong in the configuration "
             "file: remove the line and export RACEMAP_TOKEN instead\n");
  BOOST_TEST(!Poco::File(dir.file("out")).exists());
}

BOOST_AUTO_TEST_CASE(an_unknown_key_exits_78_with_a_suggestion) {
  TempDir dir;
  writeFile(dir.file("race.ini"), "[registrations]\nfile = reg.csv\n");
  auto result = runRacesync({"run", "-c", dir.file("race.ini")});
  BOOST_TEST(result.exitCode == 78);
  BOOST_TEST(result.err ==
             "racesync: race.ini: registrations.file: unknown key: did you mean "
             "'registrations.files'?\n");
}

BOOST_AUTO_TEST_CASE(an_unknown_step_exits_64) {
  TempDir dir;
  writeFile(dir.file("race.ini"), "[registrations]\nfiles = reg.csv\n");
  auto result = runRacesync({"run", "-c", dir.file("race.ini"), "--steps", "import,teleport"});
  BOOST_TEST(result.exitCode == 64);
  BOOST_TEST(result.err ==
             "racesync: --steps: unknown step 'teleport': choose from "
             "import,keys,links,racemap,raceranger,raceresult,mail: try 'racesync --help'\n");
}

BOOST_AUTO_TEST_SUITE_END()
