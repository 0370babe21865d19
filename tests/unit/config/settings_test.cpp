#include "core/config/settings.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"

using racesync::ConfigurationError;
using racesync::Settings;

BOOST_AUTO_TEST_SUITE(settings_test)

BOOST_AUTO_TEST_CASE(reads_values_with_defaults) {
  Settings s = Settings::fromString("[event]\nname = Stadtlauf\n[raceranger]\nbatch_size = 250\n",
                                    {}, "/tmp/race");
  BOOST_TEST(s.string("event.name") == "Stadtlauf");
  BOOST_TEST(s.integerOr("raceranger.batch_size", 500, 1, 500) == 250);
  BOOST_TEST(s.integerOr("raceranger.missing", 500, 1, 500) == 500);
  BOOST_TEST(s.outDir() == "/tmp/race/out");
  BOOST_TEST(s.statePath() == "/tmp/race/out/racesync.db");
}

BOOST_AUTO_TEST_CASE(names_the_key_of_a_bad_value) {
  Settings s = Settings::fromString("[raceranger]\nbatch_size = lots\n", {}, "/tmp");
  try {
    s.integerOr("raceranger.batch_size", 500, 1, 500);
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "configuration: raceranger.batch_size: 'lots' is not a whole number from 1 to 500");
  }
}

BOOST_AUTO_TEST_CASE(secrets_come_from_the_environment) {
  Settings s = Settings::fromString("", {{"RACEMAP_TOKEN", "t0k"}}, "/tmp");
  BOOST_TEST(s.secret("RACEMAP_TOKEN", "your RACEMAP API token") == "t0k");
  try {
    s.secret("RACERANGER_API_KEY", "an rr_o_ key with write:athletes");
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "environment: RACERANGER_API_KEY is not set: export it with an rr_o_ key with "
               "write:athletes (secrets never go in the configuration file)");
  }
}

BOOST_AUTO_TEST_CASE(lists_keys_under_a_prefix) {
  Settings s = Settings::fromString(
      "[raceranger]\nraces.Half Marathon = race_1\nraces.10K = race_2\n", {}, "/tmp");
  auto names = s.keysUnder("raceranger.races");
  BOOST_TEST(names.size() == 2u);
  BOOST_TEST(s.string("raceranger.races.Half Marathon") == "race_1");
}

BOOST_AUTO_TEST_CASE(templates_default_to_the_folder_the_caller_bundles) {
  Settings bundled = Settings::fromString("", {}, "/tmp/race", "/opt/racesync/share/templates");
  BOOST_TEST(bundled.templatesDir() == "/opt/racesync/share/templates");
  Settings own = Settings::fromString("[templates]\ndir = mine\n", {}, "/tmp/race",
                                      "/opt/racesync/share/templates");
  BOOST_TEST(own.templatesDir() == "/tmp/race/mine");
}

BOOST_AUTO_TEST_CASE(
    templates_without_a_bundled_folder_or_templates_dir_are_a_configuration_error) {
  Settings s = Settings::fromString("", {}, "/tmp/race");
  try {
    s.templatesDir();
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "configuration: templates.dir: not set, and no templates came with racesync: set "
               "it to a folder holding report/ and the mail templates");
  }
}

BOOST_AUTO_TEST_SUITE_END()
