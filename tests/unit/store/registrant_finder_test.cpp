// RegistrantFinder on an in-memory store: each kind of key people give at the race office, and the
// nearest registrants when nothing matches.
#include "core/store/registrant_finder.h"

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

  Fixture() {
    add("R1", "42", "Zoë Müller", "zoe@example.org", "10 km");
    add("R2", "7", "Jürgen Weiß", "family@example.org", "10 km");
    add("R3", "", "Ben Weiß", "family@example.org", "5 km");
    add("42", "300", "Anna Schmidt", "", "Marathon");  // an id that looks like R1's bib
  }

  void add(const std::string& id, const std::string& bib, const std::string& name,
           const std::string& email, const std::string& race) {
    std::string i = id, b = bib, n = name, e = email, r = race;
    store.sql("INSERT INTO registrants (id, bib, name, email, race) VALUES (?, ?, ?, ?, ?)"),
        use(i), use(b), use(n), use(e), use(r), now;
  }

  std::vector<std::string> ids(const std::vector<RegistrantMatch>& matches) {
    std::vector<std::string> result;
    for (const auto& m : matches) result.push_back(m.registrant.id);
    return result;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(registrant_finder_test, Fixture,
                         *boost::unit_test::precondition(racesync::test::fixtureBackendThere))

BOOST_AUTO_TEST_CASE(finds_by_bib_before_id) {
  RegistrantFinder finder(store);
  auto matches = finder.find("42", false);
  BOOST_TEST(ids(matches) == std::vector<std::string>{"R1"});
  BOOST_TEST((matches[0].kind == MatchKind::kBib));
}

BOOST_AUTO_TEST_CASE(finds_by_registration_id) {
  RegistrantFinder finder(store);
  auto matches = finder.find(" R3 ", false);
  BOOST_TEST(ids(matches) == std::vector<std::string>{"R3"});
  BOOST_TEST((matches[0].kind == MatchKind::kId));
  BOOST_TEST(matches[0].registrant.name == "Ben Weiß");
}

BOOST_AUTO_TEST_CASE(finds_every_registrant_of_an_email_in_any_case) {
  RegistrantFinder finder(store);
  auto matches = finder.find("Family@Example.ORG", false);
  BOOST_TEST(ids(matches) == (std::vector<std::string>{"R2", "R3"}));  // race, then id
  BOOST_TEST((matches[0].kind == MatchKind::kEmail));
}

BOOST_AUTO_TEST_CASE(finds_names_with_case_and_accents_folded_words_in_any_order) {
  RegistrantFinder finder(store);
  BOOST_TEST(finder.find("Zoë Müller", false).empty());  // names only when asked for
  BOOST_TEST(ids(finder.find("muller zoe", true)) == std::vector<std::string>{"R1"});
  BOOST_TEST(ids(finder.find("WEISS", true)) == (std::vector<std::string>{"R2", "R3"}));
  BOOST_TEST((finder.find("jurgen", true)[0].kind == MatchKind::kName));
  BOOST_TEST(finder.find("nobody", true).empty());
  BOOST_TEST(finder.find("   ", true).empty());
}

BOOST_AUTO_TEST_CASE(lists_the_nearest_registrants_when_nothing_matches) {
  RegistrantFinder finder(store);
  auto near = finder.nearest("43", 2);
  BOOST_REQUIRE(near.size() == 2u);
  BOOST_TEST(near[0].id == "42");  // id "42" and bib "42" are one edit away; ties by id
  BOOST_TEST(near[1].id == "R1");
  BOOST_TEST(finder.nearest("zoe@example.com", 1)[0].id == "R1");
  BOOST_TEST(finder.nearest("mueller", 5)[0].id == "R1");  // one word of the name
  BOOST_TEST(finder.nearest("xyzzy", 5).empty());          // nobody near: no noise
  BOOST_TEST(describeNearest({near[1]}) == "R1 (Zoë Müller, bib 42, zoe@example.org)");
}

BOOST_AUTO_TEST_SUITE_END()
