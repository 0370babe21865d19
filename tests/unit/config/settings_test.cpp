#include "core/config/settings.h"

#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::ConfigurationError;
using racesync::Settings;
using racesync::test::errorOf;

BOOST_AUTO_TEST_SUITE(settings_test)

BOOST_AUTO_TEST_CASE(reads_values_with_defaults) {
  Settings s = Settings::fromString("[event]\nname = Stadtlauf\n[raceranger]\nbatch_size = 250\n",
                                    {}, "/tmp/race");
  BOOST_TEST(s.required("event.name") == "Stadtlauf");
  BOOST_TEST(s.integer("raceranger.batch_size") == 250);
  BOOST_TEST(Settings::fromString("").integer("raceranger.batch_size") == 500);
  BOOST_TEST(s.outDir() == "/tmp/race/out");
  BOOST_TEST(s.statePath() == "/tmp/race/out/racesync.db");
}

BOOST_AUTO_TEST_CASE(names_the_key_of_a_bad_value) {
  Settings s = Settings::fromString("[raceranger]\nbatch_size = lots\n", {}, "/tmp");
  try {
    s.integer("raceranger.batch_size");
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "configuration: raceranger.batch_size: 'lots' is not a whole number from 1 to "
               "10000");
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
  BOOST_TEST(s.required("raceranger.races.Half Marathon") == "race_1");
}

BOOST_AUTO_TEST_CASE(takes_every_default_from_the_table) {
  Settings s = Settings::fromString("[mail]\ntemplate =\n", {}, "/tmp/race");
  BOOST_TEST(s.text("mail.template") == "key-link");  // blank is unset
  BOOST_TEST(s.text("racemap.base_url") == "https://racemap.com");
  BOOST_TEST(s.text("mail.smtp.user") == "");
  BOOST_TEST(s.integer("racemap.pending_grace_ms") == 900000);
  BOOST_TEST(s.integer("mail.per_minute") == 0);
  BOOST_TEST(s.flag("mail.enabled") == true);
  BOOST_TEST(s.list("registrations.files").empty());
  BOOST_TEST(s.path("mail.outbox") == "");
  BOOST_TEST(s.path("out.dir") == "/tmp/race/out");
  BOOST_TEST(!s.isSet("mail.template"));
}

BOOST_AUTO_TEST_CASE(reads_what_the_file_says_in_each_kind) {
  Settings s = Settings::fromString(
      "[mail]\nenabled = Off\noutbox = eml\nsmtp.port = 2525\n"
      "[registrations]\nfiles = a.csv , ,b.csv\nskip_when.Status = Refunded, Cancelled\n",
      {}, "/tmp/race");
  BOOST_TEST(s.flag("mail.enabled") == false);
  BOOST_TEST(s.path("mail.outbox") == "/tmp/race/eml");
  BOOST_TEST(s.isSet("mail.outbox"));
  BOOST_TEST(s.integer("mail.smtp.port", 587) == 2525);
  BOOST_TEST(Settings::fromString("").integer("mail.smtp.port", 465) == 465);
  BOOST_TEST(s.list("registrations.files") == (std::vector<std::string>{"a.csv", "b.csv"}));
  BOOST_TEST(s.list("registrations.skip_when.Status") ==
             (std::vector<std::string>{"Refunded", "Cancelled"}));
}

BOOST_AUTO_TEST_CASE(refuses_a_value_outside_the_tables_bounds) {
  Settings s = Settings::fromString("qr.module_px = 65\nqr.quiet_zone = -1\nmail.enabled = maybe\n",
                                    {}, "/tmp");
  BOOST_TEST(errorOf<ConfigurationError>([&] { s.integer("qr.module_px"); }) ==
             "configuration: qr.module_px: '65' is not a whole number from 1 to 64");
  BOOST_TEST(errorOf<ConfigurationError>([&] { s.integer("qr.quiet_zone"); }) ==
             "configuration: qr.quiet_zone: '-1' is not a whole number from 0 to 64");
  BOOST_TEST(errorOf<ConfigurationError>([&] { s.flag("mail.enabled"); }) ==
             "configuration: mail.enabled: 'maybe' is not true or false");
}

BOOST_AUTO_TEST_CASE(names_a_missing_required_key_with_its_hint) {
  Settings s = Settings::fromString("[racemap]\nevent_id =  \n", {}, "/tmp");
  BOOST_TEST(errorOf<ConfigurationError>([&] {
               s.required("racemap.event_id", "the id of the event in RACEMAP");
             }) == "configuration: racemap.event_id: missing key: the id of the event in RACEMAP");
  BOOST_TEST(errorOf<ConfigurationError>([&] { s.required("mail.from"); }) ==
             "configuration: mail.from: missing key");
}

BOOST_AUTO_TEST_CASE(an_undeclared_key_is_a_programming_error) {
  Settings s = Settings::fromString("[raceranger]\nmissing = 5\n", {}, "/tmp");
  BOOST_CHECK_THROW(s.integer("raceranger.missing"), std::logic_error);
  BOOST_CHECK_THROW(s.text("raceranger.missing"), std::logic_error);
  BOOST_CHECK_THROW(s.list("raceranger.missing"), std::logic_error);
  BOOST_CHECK_THROW(s.isSet("raceranger.missing"), std::logic_error);
  BOOST_CHECK_THROW(s.keysUnder("raceranger.nothing"), std::logic_error);
  BOOST_CHECK_THROW(s.keysUnder("raceranger.batch_size"), std::logic_error);
}

BOOST_AUTO_TEST_CASE(reading_a_key_as_another_kind_is_a_programming_error) {
  Settings s = Settings::fromString("", {}, "/tmp");
  BOOST_CHECK_THROW(s.text("raceranger.batch_size"), std::logic_error);
  BOOST_CHECK_THROW(s.integer("mail.template"), std::logic_error);
  BOOST_CHECK_THROW(s.flag("qr.threads"), std::logic_error);
  BOOST_CHECK_THROW(s.list("mail.from"), std::logic_error);
  // A computed default must be given by the reader, and only then.
  BOOST_CHECK_THROW(s.integer("mail.smtp.port"), std::logic_error);
  BOOST_CHECK_THROW(s.integer("qr.threads", 3), std::logic_error);
  BOOST_CHECK_THROW(s.path("state.path"), std::logic_error);
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
