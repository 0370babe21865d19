// The registrants table through RegistrantRecords and the import ledger, on an in-memory store.
#include "core/store/registrant_records.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/store/import_ledger.h"
#include "core/store/link_records.h"
#include "core/store/state_store.h"
#include "tests/unit/store/test_store.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace {

RegistrantRecord record(const std::string& id, const std::string& name, int line) {
  RegistrantRecord r;
  r.id = id;
  r.name = name;
  r.source = "registrations.csv";
  r.line = line;
  r.importHash = "h-" + id;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registrant_records_test,
                      *boost::unit_test::precondition(racesync::test::fixtureBackendThere))

BOOST_AUTO_TEST_CASE(maps_the_status_to_its_stored_text_and_back) {
  BOOST_TEST(std::string(toString(RegistrantStatus::kWithdrawn)) == "withdrawn");
  BOOST_TEST((parseRegistrantStatus("active") == RegistrantStatus::kActive));
  BOOST_CHECK_THROW(parseRegistrantStatus("gone"), StoreError);
}

BOOST_AUTO_TEST_CASE(inserts_finds_updates_and_withdraws_the_unseen) {
  racesync::test::TestStore test;
  StateStore& store = test.store();
  ImportLedger ledger(store);
  RegistrantRecords records(store);
  records.insert(record("R1", "Ana", 2), 1, "t0");
  records.insert(record("R2", "Ben", 3), 1, "t0");
  StoredRegistrant stored;
  BOOST_TEST(!records.find("R9", stored));
  BOOST_REQUIRE(records.find("R1", stored));
  BOOST_TEST(stored.importHash == "h-R1");
  BOOST_TEST((stored.status == RegistrantStatus::kActive));

  LedgerPlace earlier;
  BOOST_TEST(ledger.markSeen(
      "R1", {"registrations.csv", 2, "registrations.csv:2", "Ana", "10k", ""}, earlier));
  BOOST_TEST(!ledger.markSeen("R1", {"other.csv", 5, "other.csv:5", "Ana", "", ""}, earlier));
  BOOST_TEST(earlier.place == "registrations.csv:2");
  BOOST_TEST(earlier.race == "10k");
  BOOST_TEST(earlier.name == "Ana");
  BOOST_TEST(ledger.claimBib("7", {"registrations.csv", 2, "registrations.csv:2", "Ana", "", "R1"},
                             earlier));
  BOOST_TEST(!ledger.claimBib("7", {"registrations.csv", 4, "registrations.csv:4", "Cy", "", "R3"},
                              earlier));
  BOOST_TEST(earlier.name == "Ana");
  BOOST_TEST(earlier.id == "R1");
  BOOST_TEST(records.countUnseenActive() == 1);
  BOOST_TEST(records.countActiveNotAdded() == 2);  // nothing marked added by this ledger
  ledger.markAdded("R2");
  BOOST_TEST(records.countActiveNotAdded() == 1);
  BOOST_TEST(records.countActiveFrom("registrations.csv") == 2);
  std::string aliasOf;
  BOOST_TEST(!records.findAlias("h-new", aliasOf));

  auto unseen = records.unseenActive(10);
  BOOST_REQUIRE(unseen.size() == 1u);
  BOOST_TEST(unseen[0].first == "Ben");
  BOOST_TEST(unseen[0].second == "registrations.csv:3");
  BOOST_TEST(records.withdrawUnseen(2, "t1") == 1);
  BOOST_REQUIRE(records.find("R2", stored));
  BOOST_TEST((stored.status == RegistrantStatus::kWithdrawn));
  records.update(record("R2", "Ben B", 3), 3, "t2");
  BOOST_REQUIRE(records.find("R2", stored));
  BOOST_TEST((stored.status == RegistrantStatus::kActive));

  LinkRecords links(store);
  links.put(LinkRecord{"R1", "AAAAA1", "https://l/1", "qr/1.png", "https://l/1", "t3"});
  std::vector<RegistrantLink> joined = links.registrantLinks();
  BOOST_REQUIRE(joined.size() == 2u);
  BOOST_TEST(joined[0].link == "https://l/1");
  BOOST_TEST(joined[0].key == "");  // no assigned key in the keys table
  links.remove("R1");
  BOOST_TEST(links.registrantLinks()[0].link == "");
}

BOOST_AUTO_TEST_SUITE_END()
