// The stores a store test runs on: SQLite ":memory:" always, and a fresh event (its own schema) on
// the PostgreSQL server that RACESYNC_TEST_PG names ("host=127.0.0.1 port=N user=racesync", the
// database "postgres" unless it names one) when that is set. Without it the PostgreSQL cases skip.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/store/state_store.h"

namespace racesync::test {

inline std::string testPg() {
  const char* value = std::getenv("RACESYNC_TEST_PG");
  return value != nullptr ? value : "";
}

// A Boost.Test precondition: the case runs only with a server to run on.
inline boost::test_tools::assertion_result hasTestPg(boost::unit_test::test_unit_id) {
  boost::test_tools::assertion_result result(!testPg().empty());
  if (!result) result.message() << "RACESYNC_TEST_PG is not set: no PostgreSQL server to test on";
  return result;
}

// "sqlite", and "postgres" when RACESYNC_TEST_PG is set: the dataset of a case on both stores.
inline std::vector<std::string> storeBackends() {
  if (testPg().empty()) return {"sqlite"};
  return {"sqlite", "postgres"};
}

// The backend of a suite's fixture: "postgres" when the suite runs as unit.store.<suite>.postgres
// (RACESYNC_TEST_STORE=postgres), else "sqlite".
inline std::string fixtureBackend() {
  const char* value = std::getenv("RACESYNC_TEST_STORE");
  return value != nullptr && std::string(value) == "postgres" ? "postgres" : "sqlite";
}

// A suite's precondition: its fixture's backend is there (always for SQLite).
inline boost::test_tools::assertion_result fixtureBackendThere(boost::unit_test::test_unit_id id) {
  if (fixtureBackend() == "sqlite") return true;
  return hasTestPg(id);
}

// A name no other event of this test run has.
inline std::string uniqueEvent(const std::string& stem) {
  static int counter = 0;
  return stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

inline StateLocation testPgLocation(const std::string& event) {
  StateLocation location;
  location.conninfo = testPg();
  if (location.conninfo.find("dbname=") == std::string::npos)
    location.conninfo += " dbname=postgres";
  location.url = "postgresql://test-server/postgres";
  location.event = event;
  return location;
}

// Runs `sql` (with `params` as $1 ...) on a connection of its own; the first value or "".
inline std::string pgQuery(const std::string& sql, const std::vector<std::string>& params = {}) {
  PGconn* pg = PQconnectdb(testPgLocation("").conninfo.c_str());
  PQclear(PQexec(pg, "SET client_min_messages = warning"));  // no NOTICE of a cascading DROP
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  PGresult* result = PQexecParams(pg, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                  values.data(), nullptr, nullptr, 0);
  std::string value = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0
                          ? PQgetvalue(result, 0, 0)
                          : "";
  PQclear(result);
  PQfinish(pg);
  return value;
}

// Removes what opening `event` created: its schema and its row in racesync.events.
inline void dropEvent(const std::string& event) {
  std::string schema = pgQuery("SELECT schema_name FROM racesync.events WHERE event = $1", {event});
  if (schema.empty()) return;
  pgQuery("DROP SCHEMA IF EXISTS " + quoteIdentifier(schema) + " CASCADE");
  pgQuery("DELETE FROM racesync.events WHERE event = $1", {event});
}

// A store of `backend` ("sqlite" or "postgres"), gone (schema dropped) with this object.
class TestStore {
 public:
  explicit TestStore(const std::string& backend = fixtureBackend()) {
    if (backend == "postgres") {
      location_ = testPgLocation(uniqueEvent("unit"));
      store_ = std::make_unique<StateStore>(location_);
    } else {
      store_ = std::make_unique<StateStore>(":memory:");
    }
  }
  ~TestStore() {
    store_.reset();
    if (location_.postgres()) dropEvent(location_.event);
  }
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  StateStore& store() { return *store_; }
  const StateLocation& location() const { return location_; }

 private:
  StateLocation location_;
  std::unique_ptr<StateStore> store_;
};

}  // namespace racesync::test
