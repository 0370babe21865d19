// The command line itself: help, version, usage errors and their exit codes.
#include <boost/test/unit_test.hpp>

#include "tests/support/test_support.h"

using racesync::test::runRacesync;

BOOST_AUTO_TEST_SUITE(cli_test)

BOOST_AUTO_TEST_CASE(help_lists_every_command_and_exits_0) {
  auto result = runRacesync({"--help"});
  BOOST_TEST(result.exitCode == 0);
  for (const char* word :
       {"run -c CONFIG", "status -c CONFIG", "labels -c CONFIG", "lookup -c CONFIG TEXT",
        "--to ADDRESS", "demo", "sandbox", "--dry-run", "--steps", "RACEMAP_TOKEN"}) {
    BOOST_TEST(result.out.find(word) != std::string::npos, "help mentions " << word);
  }
}

BOOST_AUTO_TEST_CASE(each_command_has_its_own_help) {
  struct Expect {
    const char* command;
    const char* text;
  };
  for (const Expect& e : {Expect{"run", "--release-withdrawn"}, Expect{"status", "--json"},
                          Expect{"demo", "--source SRC"}, Expect{"sandbox", "until Ctrl-C"},
                          Expect{"labels", "--since-last-print"}, Expect{"lookup", "nearest"},
                          Expect{"state", "--replace"}}) {
    auto result = runRacesync({e.command, "--help"});
    BOOST_TEST(result.exitCode == 0);
    BOOST_TEST(result.out.rfind(std::string("usage: racesync ") + e.command, 0) == 0u, e.command);
    BOOST_TEST(result.out.find(e.text) != std::string::npos, e.command);
  }
}

BOOST_AUTO_TEST_CASE(seed_that_is_not_a_whole_number_exits_64) {
  for (const char* seed : {"lots", "-1"}) {
    auto result = runRacesync({"demo", "--seed", seed});
    BOOST_TEST(result.exitCode == 64, seed);
    BOOST_TEST(
        result.err == std::string("racesync: Invalid option argument: --seed takes a whole number, "
                                  "not '") +
                          seed + "': try 'racesync --help'\n",
        seed);
  }
}

BOOST_AUTO_TEST_CASE(version_prints_the_version) {
  auto result = runRacesync({"--version"});
  BOOST_TEST(result.exitCode == 0);
  BOOST_TEST(result.out == std::string("racesync ") + RACESYNC_VERSION + "\n");
}

BOOST_AUTO_TEST_CASE(unknown_command_exits_64_with_a_hint) {
  auto result = runRacesync({"frobnicate"});
  BOOST_TEST(result.exitCode == 64);
  BOOST_TEST(result.err == "racesync: unknown command 'frobnicate': try 'racesync --help'\n");
}

BOOST_AUTO_TEST_CASE(unknown_option_exits_64_with_a_hint) {
  auto result = runRacesync({"run", "--frobnicate"});
  BOOST_TEST(result.exitCode == 64);
  BOOST_TEST(result.err.find("try 'racesync --help'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(run_without_config_exits_64) {
  auto result = runRacesync({"run"});
  BOOST_TEST(result.exitCode == 64);
  BOOST_TEST(result.err == "racesync: run: -c CONFIG is required: try 'racesync --help'\n");
}

BOOST_AUTO_TEST_CASE(labels_and_lookup_without_config_exit_64) {
  for (const char* command : {"labels", "lookup"}) {
    auto result =
        std::string(command) == "lookup" ? runRacesync({command, "3001"}) : runRacesync({command});
    BOOST_TEST(result.exitCode == 64, command);
    BOOST_TEST(result.err == std::string("racesync: ") + command +
                                 ": -c CONFIG is required: try 'racesync --help'\n");
  }
  BOOST_TEST(runRacesync({"status", "3001"}).exitCode == 64);  // only lookup takes words
}

BOOST_AUTO_TEST_CASE(missing_config_file_exits_78_naming_it) {
  auto result = runRacesync({"status", "-c", "/nonexistent/race.ini"});
  BOOST_TEST(result.exitCode == 78);
  BOOST_TEST(result.err ==
             "racesync: /nonexistent/race.ini: configuration file not found: pass an existing "
             "file with -c\n");
}

BOOST_AUTO_TEST_SUITE_END()
