#include "core/raceresult/raceresult_registration_source.h"

#include <boost/test/unit_test.hpp>

#include "tests/support/test_support.h"

#include <memory>

#include "core/config/settings.h"
#include "sandbox/in_process_transport.h"
#include "sandbox/raceresult_sandbox.h"

using namespace racesync;

using racesync::test::errorOf;

namespace {

const std::string kKey = "rrkey_source_test_01";

// The source against the RACE RESULT sandbox, reached in process.
struct Fixture {
  Fixture() : service(std::make_shared<sandbox::RaceResultSandbox>(kKey, "900")) {
    http.add(service);
    service->addParticipant({{"ID", Poco::Int64(1234)},
                             {"Bib", Poco::Int64(0)},
                             {"FirstName", std::string("Anna")},
                             {"LastName", std::string("Muster")},
                             {"Sex", std::string("f")},
                             {"Email", std::string("anna@example.org")},
                             {"Contest.Name", std::string("10 km")},
                             {"Club", std::string("LT Nord")},
                             {"Nation.IOC", std::string("GER")},
                             {"DateOfBirth", std::string("1990-05-01T00:00:00Z")}});
    service->addParticipant({{"ID", std::string("1235")},
                             {"Bib", std::string("17")},
                             {"FirstName", std::string("Bo")},
                             {"DateOfBirth", std::string("1899-12-30")}});
  }
  Settings settings(const std::string& extra = "") {
    return Settings::fromString(
        "raceresult.base_url = " + http.baseUrl() + "\nraceresult.event_id = 900\n" + extra,
        {{"RACERESULT_API_KEY", kKey}});
  }
  std::shared_ptr<sandbox::RaceResultSandbox> service;
  sandbox::InProcessTransport http;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(raceresult_registration_source_test)

BOOST_AUTO_TEST_CASE(hands_out_the_participants_as_raw_rows) {
  Fixture f;
  auto source = openRaceResultSource(f.http, f.settings());
  BOOST_TEST(f.service->openSessions() == 0, "fetched and logged out before the first row");
  RawRegistration row;
  BOOST_REQUIRE(source->next(row));
  BOOST_TEST(row[Field::kId] == "1234");
  BOOST_TEST(row[Field::kBib] == "");
  BOOST_TEST(row[Field::kFirstName] == "Anna");
  BOOST_TEST(row[Field::kLastName] == "Muster");
  BOOST_TEST(row[Field::kGender] == "f");
  BOOST_TEST(row[Field::kEmail] == "anna@example.org");
  BOOST_TEST(row[Field::kRace] == "10 km");
  BOOST_TEST(row[Field::kTeam] == "LT Nord");
  BOOST_TEST(row[Field::kCountry] == "GER");
  BOOST_TEST(row[Field::kBirthDate] == "1990-05-01");
  BOOST_TEST(row.source == "raceresult");
  BOOST_TEST(row.line == 0);
  BOOST_TEST(row.place == "raceresult:ID 1234");
  BOOST_REQUIRE(source->next(row));
  BOOST_TEST(row[Field::kId] == "1235");
  BOOST_TEST(row[Field::kBib] == "17");
  BOOST_TEST(row[Field::kBirthDate] == "");
  BOOST_TEST(row[Field::kEmail] == "");
  BOOST_TEST(row.place == "raceresult:ID 1235");
  BOOST_TEST(!source->next(row));
  BOOST_TEST(source->report().rows == 2);
  BOOST_TEST(source->report().name == "raceresult");
  BOOST_TEST(source->report().complete);
  BOOST_TEST(source->report().format == "RACE RESULT event 900");
}

BOOST_AUTO_TEST_CASE(a_failed_logout_is_a_warning) {
  Fixture f;
  f.service->faults().failNext(1, 503, "down for maintenance", "/logout");
  auto source = openRaceResultSource(f.http, f.settings());
  BOOST_REQUIRE(source->report().warnings.size() == 1u);
  BOOST_TEST(source->report().warnings[0] ==
             "GET /api/public/logout: HTTP 503 down for maintenance: the session expires on its "
             "own");
}

BOOST_AUTO_TEST_CASE(logs_out_when_the_list_fails) {
  Fixture f;
  std::string message = errorOf<RemoteError>(
      [&] { openRaceResultSource(f.http, f.settings("raceresult.filter = [Bib]>3\n")); });
  BOOST_TEST(message.rfind("GET /_900/api/data/list: HTTP 400 sandbox: filter", 0) == 0);
  BOOST_TEST(f.service->logins() == 1);
  BOOST_TEST(f.service->openSessions() == 0);
}

BOOST_AUTO_TEST_CASE(reads_its_options_with_defaults) {
  auto options = raceResultSourceOptions(Settings::fromString("raceresult.event_id = 5\n"));
  BOOST_TEST(options.client.baseUrl == "https://events.raceresult.com");
  BOOST_TEST(options.client.eventId == "5");
  BOOST_TEST(options.client.timeoutMs == 30000);
  BOOST_TEST(options.filter == "");
  options = raceResultSourceOptions(Settings::fromString(
      "raceresult.event_id = 5\nraceresult.timeout_ms = 5000\nraceresult.filter = [Contest]=2\n"));
  BOOST_TEST(options.client.timeoutMs == 5000);
  BOOST_TEST(options.filter == "[Contest]=2");
}

BOOST_AUTO_TEST_CASE(names_the_key_that_is_missing_or_wrong) {
  BOOST_TEST(errorOf<ConfigurationError>([] {
               raceResultSourceOptions(Settings::fromString(""));
             }).find("raceresult.event_id: missing key") != std::string::npos);
  BOOST_TEST(errorOf<ConfigurationError>([] {
               raceResultSourceOptions(
                   Settings::fromString("raceresult.event_id = 5\nraceresult.timeout_ms = 10\n"));
             }).find("raceresult.timeout_ms: '10' is not a whole number from 1000 to 600000") !=
             std::string::npos);
  Fixture f;
  Settings noKey = Settings::fromString("raceresult.event_id = 900\n");
  BOOST_TEST(errorOf<ConfigurationError>([&] {
               openRaceResultSource(f.http, noKey);
             }).rfind("environment: RACERESULT_API_KEY is not set", 0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
