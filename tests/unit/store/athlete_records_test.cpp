// The athletes and races tables through AthleteRecords, on an in-memory store.
#include "core/store/athlete_records.h"

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <sqlite3.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/store/state_store.h"
#include "tests/unit/store/test_store.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

struct Fixture {
  racesync::test::TestStore test;
  StateStore& store = test.store();
  AthleteRecords records{store};

  void addRegistrant(const std::string& id, const std::string& status) {
    std::string i = id, s = status, bib = "7", race = "Marathon", source = "registrations.csv";
    int line = 3;
    store.sql(
        "INSERT INTO registrants (id, bib, first_name, last_name, name, race, "
        "gender, age_group, team, country, source, line, status) "
        "VALUES (?, ?, 'Anna', 'Schmidt', 'Anna Schmidt', ?, 'f', 'W30', 'Club', "
        "'DE', ?, ?, ?)"),
        use(i), use(bib), use(race), use(source), use(line), use(s), now;
  }

  std::string column(const std::string& sql) {
    std::string value;
    store.sql(sql), into(value), now;
    return value;
  }
};

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(athlete_records_test, Fixture,
                         *boost::unit_test::precondition(racesync::test::fixtureBackendThere))

BOOST_AUTO_TEST_CASE(outcomes_and_statuses_are_stored_as_their_names) {
  for (auto outcome : {AthleteOutcome::kCreated, AthleteOutcome::kUpdated,
                       AthleteOutcome::kUnchanged, AthleteOutcome::kRejected}) {
    BOOST_TEST((parseAthleteOutcome(toString(outcome)) == outcome));
  }
  BOOST_TEST(std::string(toString(AthleteOutcome::kRejected)) == "rejected");
  for (auto status :
       {RaceStatus::kScheduled, RaceStatus::kActive, RaceStatus::kEnded, RaceStatus::kStarted}) {
    BOOST_TEST((parseRaceStatus(toString(status)) == status));
  }
  BOOST_TEST(std::string(toString(RaceStatus::kStarted)) == "started");
}

BOOST_AUTO_TEST_CASE(round_trips_an_athlete_and_replaces_it_on_the_next_put) {
  records.put({"R1", "race_m", "hash1", AthleteOutcome::kRejected, "duplicate_number",
               "number 7 is taken", "2024-05-01T10:00:00Z"});
  BOOST_TEST(column("SELECT outcome FROM athletes WHERE registration_id = 'R1'") == "rejected");
  records.put({"R1", "race_h", "hash2", AthleteOutcome::kUpdated, "", "", "2024-05-02T10:00:00Z"});
  auto athletes = records.athletes();
  BOOST_REQUIRE(athletes.size() == 1u);
  const AthleteRecord& r = athletes.at("R1");
  BOOST_TEST(r.registrationId == "R1");
  BOOST_TEST(r.raceId == "race_h");
  BOOST_TEST(r.contentHash == "hash2");
  BOOST_TEST((r.outcome == AthleteOutcome::kUpdated));
  BOOST_TEST(r.code == "");
  BOOST_TEST(r.message == "");
  BOOST_TEST(r.pushedAt == "2024-05-02T10:00:00Z");
}

BOOST_AUTO_TEST_CASE(round_trips_races_in_id_order) {
  records.putRace({"race_m", "Marathon", RaceStatus::kScheduled, "t1", ""});
  records.putRace({"race_h", "Half", RaceStatus::kActive, "t1", "not pushed: race is active"});
  records.putRace({"race_m", "Marathon", RaceStatus::kStarted, "t2", "not pushed: race_started"});
  auto races = records.races();
  BOOST_REQUIRE(races.size() == 2u);
  BOOST_TEST(races[0].raceId == "race_h");
  BOOST_TEST((races[0].status == RaceStatus::kActive));
  BOOST_TEST(races[0].note == "not pushed: race is active");
  BOOST_TEST(races[1].raceId == "race_m");
  BOOST_TEST(races[1].name == "Marathon");
  BOOST_TEST((races[1].status == RaceStatus::kStarted));
  BOOST_TEST(races[1].checkedAt == "t2");
  BOOST_TEST(column("SELECT status FROM races WHERE race_id = 'race_m'") == "started");
}

BOOST_AUTO_TEST_CASE(candidates_are_the_active_registrants_in_id_order) {
  addRegistrant("R2", "active");
  addRegistrant("R3", "withdrawn");
  addRegistrant("R1", "active");
  auto candidates = records.candidates();
  BOOST_REQUIRE(candidates.size() == 2u);
  BOOST_TEST(candidates[0].id == "R1");
  BOOST_TEST(candidates[1].id == "R2");
  const AthleteCandidate& c = candidates[0];
  BOOST_TEST(c.bib == "7");
  BOOST_TEST(c.firstName == "Anna");
  BOOST_TEST(c.lastName == "Schmidt");
  BOOST_TEST(c.name == "Anna Schmidt");
  BOOST_TEST(c.race == "Marathon");
  BOOST_TEST(c.gender == "f");
  BOOST_TEST(c.ageGroup == "W30");
  BOOST_TEST(c.team == "Club");
  BOOST_TEST(c.country == "DE");
  BOOST_TEST(c.source == "registrations.csv");
  BOOST_TEST(c.line == 3);
}

BOOST_AUTO_TEST_CASE(an_unknown_outcome_is_a_store_error_naming_table_and_column) {
  store.sql("INSERT INTO athletes (registration_id, outcome) VALUES ('R1', 'pushed')"), now;
  BOOST_CHECK_EXCEPTION(records.athletes(), StoreError, [](const StoreError& e) {
    return startsWith(e.message(), "athletes.outcome: unknown value 'pushed' in the state store");
  });
  BOOST_CHECK_THROW(parseAthleteOutcome(""), StoreError);
}

BOOST_AUTO_TEST_CASE(an_unknown_race_status_is_a_store_error_naming_table_and_column) {
  store.sql("INSERT INTO races (race_id, status) VALUES ('race_m', 'cancelled')"), now;
  BOOST_CHECK_EXCEPTION(records.races(), StoreError, [](const StoreError& e) {
    return e.message() ==
           "races.status: unknown value 'cancelled' in the state store (scheduled, active, ended, "
           "started expected): it was written by a newer racesync or edited by hand";
  });
}

// What broke at 200,000 athletes: every put() prepared its upsert again (Poco's statement), and
// SQLite's parser was a tenth of the raceranger step. One statement, run once per athlete.
BOOST_AUTO_TEST_CASE(athlete_upsert_is_prepared_once_for_a_whole_push) {
  Fixture f;
  for (int i = 0; i < 50; ++i) {
    f.records.put({"R" + std::to_string(i), "race_m", "h" + std::to_string(i),
                   AthleteOutcome::kCreated, "", "", "t0"});
  }
  f.records.put({"R7", "race_m", "changed", AthleteOutcome::kUpdated, "", "", "t1"});
  if (racesync::test::fixtureBackend() == "postgres") {
    // libpq keeps each prepared statement of the session in pg_prepared_statements.
    BOOST_TEST(f.column("SELECT count(*) FROM pg_prepared_statements "
                        "WHERE statement LIKE 'INSERT INTO athletes%'") == "1");
  } else {
    sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(f.store.session());
    int upserts = 0;
    int runs = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s; s = sqlite3_next_stmt(db, s)) {
      if (startsWith(sqlite3_sql(s), "INSERT INTO athletes")) {
        ++upserts;
        runs = sqlite3_stmt_status(s, SQLITE_STMTSTATUS_RUN, 0);
      }
    }
    BOOST_TEST(upserts == 1);
    BOOST_TEST(runs == 51);
  }
  BOOST_TEST(f.column("SELECT content_hash FROM athletes WHERE registration_id = 'R7'") ==
             "changed");
  BOOST_TEST(f.column("SELECT count(*) FROM athletes") == "50");
}

BOOST_AUTO_TEST_SUITE_END()
