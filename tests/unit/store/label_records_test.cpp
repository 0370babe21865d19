// The printed_labels table through LabelRecords, and the registrants labels are printed for, on an
// in-memory store.
#include "core/store/label_records.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/store/state_store.h"
#include "tests/unit/store/test_store.h"

using namespace racesync;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

struct Fixture {
  racesync::test::TestStore test;
  StateStore& store = test.store();
  LabelRecords records{store};

  void addRegistrant(const std::string& id, const std::string& name,
                     const std::string& status = "active") {
    std::string i = id, n = name, s = status;
    store.sql(
        "INSERT INTO registrants (id, bib, first_name, last_name, name, race, "
        "status) VALUES (?, '42', 'Anna', 'Schmidt', ?, '10 km', ?)"),
        use(i), use(n), use(s), now;
  }

  void addLink(const std::string& id) {
    std::string i = id, key = "K" + id, link = "https://l/" + id;
    store.sql("INSERT INTO links (registration_id, key, link) VALUES (?, ?, ?)"), use(i), use(key),
        use(link), now;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(label_records_test, Fixture,
                         *boost::unit_test::precondition(racesync::test::fixtureBackendThere))

BOOST_AUTO_TEST_CASE(candidates_are_active_registrants_with_a_link) {
  addRegistrant("R1", "Anna S.");
  addLink("R1");
  addRegistrant("R2", "");  // no display name: first and last
  addLink("R2");
  addRegistrant("R3", "Without Link");
  addRegistrant("R4", "Withdrawn", "withdrawn");
  addLink("R4");
  auto candidates = records.candidates();
  BOOST_REQUIRE(candidates.size() == 2u);
  BOOST_TEST(candidates[0].registrationId == "R1");
  BOOST_TEST(candidates[0].name == "Anna S.");
  BOOST_TEST(candidates[0].key == "KR1");
  BOOST_TEST(candidates[0].link == "https://l/R1");
  BOOST_TEST(candidates[0].race == "10 km");
  BOOST_TEST(candidates[1].name == "Anna Schmidt");
  BOOST_TEST(records.withoutLink() == 1);
}

BOOST_AUTO_TEST_CASE(records_what_was_printed_and_replaces_it_on_a_reprint) {
  BOOST_TEST(records.printed().empty());
  records.markPrinted({{"R1", "h1", "labels.pdf", "t1"}, {"R2", "h2", "labels.pdf", "t1"}});
  records.markPrinted({{"R1", "h1b", "labels-10-km.pdf", "t2"}});
  auto printed = records.printed();
  BOOST_REQUIRE(printed.size() == 2u);
  BOOST_TEST(printed.at("R1").contentHash == "h1b");
  BOOST_TEST(printed.at("R1").file == "labels-10-km.pdf");
  BOOST_TEST(printed.at("R1").printedAt == "t2");
  BOOST_TEST(printed.at("R2").contentHash == "h2");
}

BOOST_AUTO_TEST_CASE(the_hash_changes_with_everything_a_label_shows) {
  LabelCandidate label{"R1", "42", "Anna", "10 km", "K84N2S", "https://l/R1"};
  const std::string hash = labelHash(label);
  BOOST_TEST(labelHash(label) == hash);
  for (std::string LabelCandidate::*field :
       {&LabelCandidate::bib, &LabelCandidate::name, &LabelCandidate::race, &LabelCandidate::key,
        &LabelCandidate::link}) {
    LabelCandidate changed = label;
    changed.*field += "x";
    BOOST_TEST(labelHash(changed) != hash);
  }
  // Fields run into each other only with the separator: "4" + "2Anna" is not "42" + "Anna".
  LabelCandidate shifted = label;
  shifted.bib = "4";
  shifted.name = "2Anna";
  BOOST_TEST(labelHash(shifted) != hash);
}

BOOST_AUTO_TEST_SUITE_END()
