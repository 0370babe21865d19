// Where the state lives: state.url (and RACESYNC_STATE_URL), state.event, state.path.
#include "core/config/state_location.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::ConfigurationError;
using racesync::Settings;
using racesync::stateLocation;

BOOST_AUTO_TEST_SUITE(state_location_test)

BOOST_AUTO_TEST_CASE(no_url_means_the_sqlite_file) {
  auto location = stateLocation(Settings::fromString("state.path = /tmp/x/state.db\n"));
  BOOST_TEST(!location.postgres());
  BOOST_TEST(location.path == "/tmp/x/state.db");
  BOOST_TEST(location.name() == "/tmp/x/state.db");
}

BOOST_AUTO_TEST_CASE(postgresql_url_becomes_a_libpq_connection_string) {
  auto location = stateLocation(Settings::fromString(
      "state.url = postgresql://timer@db.example.org:5433/season\nracemap.event_id = evt-1\n"));
  BOOST_TEST(location.postgres());
  BOOST_TEST(location.conninfo == "host='db.example.org' port=5433 user='timer' dbname='season'");
  BOOST_TEST(location.event == "evt-1");
  BOOST_TEST(location.name() == "postgresql://timer@db.example.org:5433/season (event evt-1)");
}

BOOST_AUTO_TEST_CASE(password_comes_from_the_environment_only) {
  auto location = stateLocation(
      Settings::fromString("state.url = postgres://timer@db/season\nstate.event = e\n",
                           {{"RACESYNC_DB_PASSWORD", "it's"}}));
  BOOST_TEST(location.conninfo == "host='db' user='timer' dbname='season' password='it\\'s'");
  std::string message = racesync::test::errorOf<ConfigurationError>([] {
    stateLocation(
        Settings::fromString("state.url = postgresql://timer:secret@db/season\n"
                             "state.event = e\n"));
  });
  BOOST_TEST(message.find("state.url: the URL holds a password") != std::string::npos);
  BOOST_TEST(message.find("RACESYNC_DB_PASSWORD") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_url_names_the_key_and_the_form) {
  for (const char* url : {"mysql://a@b/c", "postgresql://timer@db", "postgresql:///season",
                          "postgresql://timer@db/season?sslmode=require"}) {
    std::string message = racesync::test::errorOf<ConfigurationError>([&] {
      stateLocation(
          Settings::fromString(std::string("state.url = ") + url + "\nstate.event = e\n"));
    });
    BOOST_TEST(message.find("state.url: ") != std::string::npos, message);
    BOOST_TEST(message.find("postgresql://user@host[:port]/database") != std::string::npos,
               message);
  }
}

BOOST_AUTO_TEST_CASE(environment_url_overrides_the_file) {
  auto location = stateLocation(
      Settings::fromString("state.url = postgresql://a@file-host/db\nevent.name = Spring Run\n",
                           {{"RACESYNC_STATE_URL", "postgresql://b@env-host:6000/other"}}));
  BOOST_TEST(location.conninfo == "host='env-host' port=6000 user='b' dbname='other'");
  BOOST_TEST(location.event == "Spring Run");  // event.name when neither other key is set
  std::string message = racesync::test::errorOf<ConfigurationError>([] {
    stateLocation(Settings::fromString("state.event = e\n", {{"RACESYNC_STATE_URL", "nope"}}));
  });
  BOOST_TEST(message.find("RACESYNC_STATE_URL") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(shared_state_without_an_event_names_state_event) {
  std::string message = racesync::test::errorOf<ConfigurationError>(
      [] { stateLocation(Settings::fromString("state.url = postgresql://a@h/db\n")); });
  BOOST_TEST(message.find("state.event: ") != std::string::npos, message);
}

BOOST_AUTO_TEST_SUITE_END()
