// `racesync lookup` on the state the demo leaves: found by each kind of key people give at the
// race office, and the nearest registrants when nobody matches.
#include <boost/test/unit_test.hpp>

#include "tests/support/test_support.h"

using namespace racesync;

namespace {

struct DemoState {
  test::TempDir dir;
  std::string config;

  DemoState() {
    auto demo = test::runRacesync({"demo", "--seed", "16", "--out", dir.file("demo")});
    BOOST_TEST_REQUIRE(demo.exitCode == 0, demo.out << demo.err);
    config = dir.file("race.ini");
    test::writeFile(config, "[out]\ndir = demo\n[state]\nevent = demo\n");
    test::useDemoState(config, dir.file("demo/racesync.db"));
  }

  test::ProcessResult lookup(const std::vector<std::string>& text) {
    std::vector<std::string> args = {"lookup", "-c", config};
    args.insert(args.end(), text.begin(), text.end());
    return test::runRacesync(args);
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(lookup_test, DemoState)

BOOST_AUTO_TEST_CASE(finds_a_registrant_by_bib_with_key_link_qr_mail_and_raceranger) {
  auto result = lookup({"3001"});
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.err);
  BOOST_TEST(
      result.out.rfind("registration R10001 (bib 3001, Finn Müller): found by bib\n", 0) == 0u,
      result.out);
  BOOST_TEST(contains(result.out, "  race        10K\n"));
  BOOST_TEST(contains(result.out, "  email       maria.muller@example.com\n"));
  BOOST_TEST(contains(result.out, "  key         "));
  BOOST_TEST(contains(result.out, "  link        https://racemap.app/redeem_key?key="));
  BOOST_TEST(contains(result.out, "  QR code     " + dir.file("demo/qr/3001.png") + "\n"),
             result.out);
  BOOST_TEST(contains(result.out, "  mail        written to the outbox at "), result.out);
  BOOST_TEST(contains(result.out, "  RaceRanger  created in race race_10k at "), result.out);
  BOOST_TEST(contains(result.out, "  problems    none\n"));
}

BOOST_AUTO_TEST_CASE(finds_by_id_email_and_folded_name) {
  auto byId = lookup({"R10001"});
  BOOST_TEST_REQUIRE(byId.exitCode == 0, byId.err);
  BOOST_TEST(contains(byId.out, "found by id\n"));
  auto byEmail = lookup({"Maria.Muller@EXAMPLE.com"});
  BOOST_TEST_REQUIRE(byEmail.exitCode == 0, byEmail.err);
  BOOST_TEST(contains(byEmail.out, "registration R10001 (bib 3001, Finn Müller): found by email"));
  // A family behind one address: each of them.
  auto family = lookup({"tomas.brennan@example.com"});
  BOOST_TEST(contains(family.out, "R10003"));
  BOOST_TEST(contains(family.out, "R10004"));
  BOOST_TEST(contains(family.out, "R10005"));
  // Case and accents folded, words in any order, as one argument or several.
  for (const std::vector<std::string>& name :
       {std::vector<std::string>{"MULLER finn"}, std::vector<std::string>{"müller", "Finn"}}) {
    auto byName = lookup(name);
    BOOST_TEST_REQUIRE(byName.exitCode == 0, byName.err);
    BOOST_TEST(contains(byName.out, "registration R10001 (bib 3001, Finn Müller): found by name"));
  }
}

BOOST_AUTO_TEST_CASE(nobody_found_exits_64_with_the_nearest_registrants) {
  auto result = lookup({"R1000l"});
  BOOST_TEST(result.exitCode == 64);
  BOOST_TEST(result.out == "");
  BOOST_TEST(result.err.rfind("racesync: lookup: no registrant has the bib, id, email or name "
                              "'R1000l'; nearest: R1000",
                              0) == 0u,
             result.err);
  auto none = test::runRacesync({"lookup", "-c", config});
  BOOST_TEST(none.exitCode == 64);
}

BOOST_AUTO_TEST_SUITE_END()
