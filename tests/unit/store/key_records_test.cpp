// The keys and key_requests tables through KeyRecords, and the stored enum texts.
#include "core/store/key_records.h"

#include <Poco/Data/Session.h>

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
  KeyRecords records{store};

  void addRegistrant(const std::string& id, const std::string& status, int line) {
    std::string i = id, s = status;
    store.sql("INSERT INTO registrants (id, status, line, first_run) VALUES (?, ?, ?, 1)"), use(i),
        use(s), use(line), now;
  }
  std::string text(const std::string& sql) {
    std::string value;
    store.sql(sql), into(value), now;
    return value;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(key_records_test,
                      *boost::unit_test::precondition(racesync::test::fixtureBackendThere))

BOOST_AUTO_TEST_CASE(maps_every_state_to_its_stored_text_and_back) {
  for (KeyState state : {KeyState::kFree, KeyState::kAssigned, KeyState::kForeign,
                         KeyState::kReleased, KeyState::kGone}) {
    BOOST_TEST((parseKeyState(toString(state)) == state));
  }
  BOOST_TEST(std::string(toString(KeyState::kGone)) == "gone");
  BOOST_TEST((parseKeyRequestState("pending") == KeyRequestState::kPending));
  BOOST_CHECK_EXCEPTION(parseKeyState("lost"), StoreError, [](const StoreError& e) {
    return e.message().rfind("keys.state: unknown value 'lost'", 0) == 0;
  });
}

BOOST_AUTO_TEST_CASE(adopts_assigns_and_releases_keys) {
  Fixture f;
  f.addRegistrant("R2", "active", 2);
  f.addRegistrant("R1", "active", 1);
  f.addRegistrant("W1", "withdrawn", 3);
  f.records.adopt({{"AAAAA1", KeyState::kFree}, {"AAAAA2", KeyState::kForeign}}, "t0", 0);
  f.records.adopt({{"AAAAA3", KeyState::kFree}}, "t1", 5);
  f.records.assign({"AAAAA1", "AAAAA3"}, {"R1", "W1"}, "t2");
  f.records.setStates({{"AAAAA2", KeyState::kGone}});
  BOOST_TEST((f.records.activeRegistrantsInKeyOrder() == std::vector<std::string>{"R1", "R2"}));
  auto withdrawn = f.records.keysOfWithdrawn();
  BOOST_REQUIRE(withdrawn.size() == 1u);
  BOOST_TEST(withdrawn[0].first == "AAAAA3");
  f.records.release(withdrawn);
  BOOST_TEST(f.text("SELECT state || '/' || released_from FROM keys WHERE key = 'AAAAA3'") ==
             "released/W1");
  BOOST_TEST(f.text("SELECT 'request ' || request_id FROM keys WHERE key = 'AAAAA3'") ==
             "request 5");
  std::vector<KeyRecord> keys = f.records.keys();
  BOOST_TEST(keys.size() == 3u);
  for (const auto& key : keys) {
    if (key.key == "AAAAA1") BOOST_TEST(key.registrationId == "R1");
    if (key.key == "AAAAA2") BOOST_TEST((key.state == KeyState::kGone));
  }
}

BOOST_AUTO_TEST_CASE(records_and_settles_generate_requests) {
  Fixture f;
  Poco::Int64 id = f.records.recordRequest(1, 1000, 20, "t0");
  BOOST_REQUIRE(f.records.pendingRequests().size() == 1u);
  BOOST_TEST(f.records.pendingRequests()[0].keysBefore == 20);
  f.records.settleRequest(id, "ok", 1000, "t1");
  BOOST_TEST(f.records.pendingRequests().empty());
  BOOST_TEST(f.text("SELECT state || '/' || outcome || '/' || adopted FROM key_requests") ==
             "reconciled/ok/1000");
}

BOOST_AUTO_TEST_SUITE_END()
