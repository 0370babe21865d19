// The links step's pure plan: registrants in, what to render, keep and remove out.
#include "core/links/links_plan.h"

#include <boost/test/unit_test.hpp>

#include <set>

#include "core/links/redeem_link.h"

using namespace racesync;

namespace {

const char* const kBase = "https://racemap.app/redeem_key";

RegistrantLink registrant(const std::string& id, const std::string& bib, const std::string& key) {
  RegistrantLink r;
  r.id = id;
  r.bib = bib;
  r.name = "Runner " + id;
  r.key = key;
  return r;
}

// As the store holds it after a run that wrote its file.
RegistrantLink current(RegistrantLink r, const std::string& file) {
  r.link = redeemLink(kBase, r.key, r.bib, r.name);
  r.qrLink = r.link;
  r.qrFile = file;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(links_plan_test)

BOOST_AUTO_TEST_CASE(renders_new_links_keeps_current_ones_and_drops_released_ones) {
  std::vector<RegistrantLink> registrants = {
      registrant("R1", "1", "AAAAA1"),                       // new
      current(registrant("R2", "2", "AAAAA2"), "qr/2.png"),  // current, on disk
      current(registrant("R3", "3", "AAAAA3"), "qr/3.png"),  // current, file lost
      current(registrant("R4", "4", ""), "qr/4.png"),        // key released
      registrant("R5", "5", ""),                             // never had a key
  };
  registrants[3].key = "";
  const std::set<std::string> onDisk = {"qr/2.png", "qr/4.png"};
  LinksPlan plan = planLinks(registrants, kBase,
                             [&](const std::string& file) { return onDisk.count(file) > 0; });
  BOOST_TEST(plan.unchanged == 1);
  BOOST_REQUIRE(plan.changes.size() == 2u);
  BOOST_TEST(plan.changes[0].index == 0u);
  BOOST_TEST(plan.changes[0].file == "qr/1.png");
  BOOST_TEST(plan.changes[0].link == redeemLink(kBase, "AAAAA1", "1", "Runner R1"));
  BOOST_TEST(plan.changes[1].index == 2u);
  BOOST_TEST(plan.changes[1].oldFile == "");
  BOOST_TEST((plan.removals == std::vector<std::size_t>{3}));
  BOOST_TEST(
      (describe(plan, "/out") ==
       std::vector<std::string>{"write 2 QR codes under /out/qr",
                                "remove the links of 1 registrants whose key was released"}));
}

BOOST_AUTO_TEST_CASE(keeps_a_stored_name_when_a_new_bib_collides_with_it) {
  // R1 got qr/7.png when its bib was 7; R2 now has bib 7 too: R1 keeps its file.
  std::vector<RegistrantLink> registrants = {
      registrant("R2", "7", "AAAAA2"),
      current(registrant("R1", "7", "AAAAA1"), "qr/7.png"),
  };
  LinksPlan plan = planLinks(registrants, kBase, [](const std::string&) { return true; });
  BOOST_TEST(plan.files[1] == "qr/7.png");
  BOOST_TEST(plan.files[0] != "qr/7.png");
  BOOST_TEST(plan.unchanged == 1);
}

BOOST_AUTO_TEST_CASE(a_changed_bib_renames_the_file_and_drops_the_old_one) {
  RegistrantLink r = current(registrant("R1", "7", "AAAAA1"), "qr/7.png");
  r.bib = "8";
  LinksPlan plan = planLinks({r}, kBase, [](const std::string&) { return true; });
  BOOST_REQUIRE(plan.changes.size() == 1u);
  BOOST_TEST(plan.changes[0].file == "qr/8.png");
  BOOST_TEST(plan.changes[0].oldFile == "qr/7.png");
}

BOOST_AUTO_TEST_SUITE_END()
