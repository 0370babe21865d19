// The writebacks table through WritebackRecords, on an in-memory store.
#include "core/store/writeback_records.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/store/schema.h"
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
  WritebackRecords records{store};

  void addRegistrant(const std::string& id, const std::string& bib, const std::string& source,
                     const std::string& status = "active") {
    std::string i = id, b = bib, s = source, st = status;
    store.sql("INSERT INTO registrants (id, bib, source, status) VALUES (?, ?, ?, ?)"), use(i),
        use(b), use(s), use(st), now;
  }
  void assign(const std::string& id, const std::string& key, const std::string& state) {
    std::string i = id, k = key, s = state;
    store.sql("INSERT INTO keys (key, state, registration_id) VALUES (?, ?, ?)"), use(k), use(s),
        use(i), now;
  }
  void link(const std::string& id, const std::string& key, const std::string& link) {
    std::string i = id, k = key, l = link;
    store.sql("INSERT INTO links (registration_id, key, link) VALUES (?, ?, ?)"), use(i), use(k),
        use(l), now;
  }
  std::string column(const std::string& sql) {
    std::string value;
    store.sql(sql), into(value), now;
    return value;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(writeback_records_test, Fixture,
                         *boost::unit_test::precondition(racesync::test::fixtureBackendThere))

BOOST_AUTO_TEST_CASE(outcomes_and_identifiers_are_stored_as_their_names) {
  for (auto outcome : {WritebackOutcome::kWritten, WritebackOutcome::kRefused}) {
    BOOST_TEST((parseWritebackOutcome(toString(outcome)) == outcome));
  }
  for (auto by : {WritebackBy::kPid, WritebackBy::kBib}) {
    BOOST_TEST((parseWritebackBy(toString(by)) == by));
  }
  BOOST_TEST(std::string(toString(WritebackOutcome::kRefused)) == "refused");
  BOOST_TEST(std::string(toString(WritebackBy::kBib)) == "bib");
}

BOOST_AUTO_TEST_CASE(the_migration_adds_the_writebacks_table) {
  BOOST_TEST(store.schemaVersion() == racesync::currentSchemaVersion());
  BOOST_TEST(column("SELECT count(*) FROM writebacks") == "0");
}

BOOST_AUTO_TEST_CASE(round_trips_a_write_back_and_replaces_it_on_the_next_put) {
  records.put({"1001", WritebackBy::kPid, "1001", "TrackingKey", "K84N2S", "RacemapLink",
               "https://racemap.app/redeem_key?key=K84N2S", WritebackOutcome::kRefused,
               "HTTP 400 participant 1001 is locked", "2026-01-01T00:00:00Z"});
  BOOST_TEST(column("SELECT outcome FROM writebacks WHERE registration_id = '1001'") == "refused");
  records.put({"1001", WritebackBy::kBib, "12", "TrackingKey", "K84N2S", "", "",
               WritebackOutcome::kWritten, "", "2026-01-02T00:00:00Z"});
  auto written = records.writebacks();
  BOOST_REQUIRE(written.size() == 1u);
  const WritebackRecord& r = written.at("1001");
  BOOST_TEST((r.by == WritebackBy::kBib));
  BOOST_TEST(r.target == "12");
  BOOST_TEST(r.keyField == "TrackingKey");
  BOOST_TEST(r.key == "K84N2S");
  BOOST_TEST(r.linkField == "");
  BOOST_TEST(r.link == "");
  BOOST_TEST((r.outcome == WritebackOutcome::kWritten));
  BOOST_TEST(r.message == "");
  BOOST_TEST(r.writtenAt == "2026-01-02T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(candidates_are_active_raceresult_registrants_with_key_and_link) {
  addRegistrant("1002", "", "raceresult");
  addRegistrant("1001", " 12 ", "raceresult");
  addRegistrant("1003", "13", "raceresult", "withdrawn");
  addRegistrant("R-4", "14", "registrations.csv");
  assign("1001", "K84N2S", "assigned");
  assign("1002", "ZZ11AA", "released");
  link("1001", "K84N2S", "https://racemap.app/redeem_key?key=K84N2S&startNumber=12");
  auto candidates = records.candidates();
  BOOST_REQUIRE(candidates.size() == 2u);
  BOOST_TEST(candidates[0].id == "1001");
  BOOST_TEST(candidates[0].bib == "12");
  BOOST_TEST(candidates[0].key == "K84N2S");
  BOOST_TEST(candidates[0].link == "https://racemap.app/redeem_key?key=K84N2S&startNumber=12");
  BOOST_TEST(candidates[1].id == "1002");
  BOOST_TEST(candidates[1].key == "", "a released key is not the registrant's");
  BOOST_TEST(candidates[1].link == "");
}

BOOST_AUTO_TEST_CASE(an_unknown_outcome_is_a_store_error_naming_table_and_column) {
  store.sql("INSERT INTO writebacks (registration_id, outcome) VALUES ('1', 'lost')"), now;
  BOOST_CHECK_EXCEPTION(records.writebacks(), StoreError, [](const StoreError& e) {
    return e.message() ==
           "writebacks.outcome: unknown value 'lost' in the state store (written, refused "
           "expected): it was written by a newer racesync or edited by hand";
  });
}

BOOST_AUTO_TEST_SUITE_END()
