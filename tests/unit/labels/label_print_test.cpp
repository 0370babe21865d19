// planLabels and printLabels: which labels a print takes (all, or only new and changed ones since
// the last print), in race-then-bib order, and the record of what was printed.
#include "core/labels/label_print.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/labels/sheet_format.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

struct Fixture {
  LabelInputs inputs;

  LabelCandidate& add(const std::string& id, const std::string& bib, const std::string& race) {
    inputs.candidates.push_back(
        {id, bib, "Runner " + id, race, "K" + id, "https://racemap.app/redeem_key?key=K" + id});
    return inputs.candidates.back();
  }

  void printed(const LabelCandidate& c) {
    inputs.printed[c.registrationId] = {c.registrationId, labelHash(c), "labels.pdf", "t0"};
  }

  static std::vector<std::string> ids(const LabelPlan& plan) {
    std::vector<std::string> result;
    for (const auto& p : plan.toPrint) result.push_back(p.candidate.registrationId);
    return result;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(label_print_test, Fixture)

BOOST_AUTO_TEST_CASE(prints_everyone_sorted_by_race_then_bib) {
  add("R1", "10", "Marathon");
  add("R2", "9", "Marathon");
  add("R3", "", "10 km");
  add("R4", "100", "10 km");
  LabelPlan plan = planLabels(inputs, false);
  BOOST_TEST(ids(plan) == (std::vector<std::string>{"R4", "R3", "R2", "R1"}));
  BOOST_TEST(plan.newLabels == 4);
  BOOST_TEST(plan.skipped == 0);
}

BOOST_AUTO_TEST_CASE(since_last_print_takes_only_new_and_changed_labels) {
  printed(add("R1", "1", "10 km"));
  LabelCandidate& moved = add("R2", "2", "10 km");
  printed(moved);
  moved.bib = "20";         // the bib changed after the print
  add("R3", "3", "10 km");  // registered late
  LabelPlan plan = planLabels(inputs, true);
  BOOST_TEST(ids(plan) == (std::vector<std::string>{"R3", "R2"}));
  BOOST_TEST((plan.toPrint[0].change == LabelChange::kNew));
  BOOST_TEST((plan.toPrint[1].change == LabelChange::kChanged));
  BOOST_TEST(plan.unchanged == 1);
  BOOST_TEST(plan.skipped == 1);
  // Without the option the unchanged one is printed again, marked as such.
  LabelPlan all = planLabels(inputs, false);
  BOOST_TEST(all.toPrint.size() == 3u);
  BOOST_TEST((all.toPrint[0].change == LabelChange::kUnchanged));
  BOOST_TEST(describe(plan).back() == "2 labels to print (1 new, 1 changed, 1 unchanged left out)");
  BOOST_TEST(describe(plan).front() ==
             "would print new label: 10 km, bib 3, Runner R3 (registration R3)");
}

BOOST_AUTO_TEST_CASE(nothing_to_print_writes_nothing_and_says_so) {
  printed(add("R1", "1", "10 km"));
  inputs.withoutLink = 2;
  LabelPlan plan = planLabels(inputs, true);
  BOOST_TEST(plan.toPrint.empty());
  StateStore store(":memory:");
  test::TempDir dir;
  PrintSettings print{sheetFormat("a4-3x8"), LabelStyle{}, false, FileModes{}};
  LabelsOutput output = printLabels(store, dir.path(), print, plan, "t1");
  BOOST_TEST(output.files.empty());
  BOOST_TEST(labelsSummary(plan, output) ==
             "labels: nothing new or changed since the last print: no PDF written\n"
             "labels: 2 active registrants have no link yet and no label: run 'racesync run' "
             "first\n");
}

BOOST_AUTO_TEST_CASE(printing_records_each_label_with_its_file) {
  add("R1", "1", "10 km");
  add("R2", "2", "5 km");
  StateStore store(":memory:");
  test::TempDir dir;
  PrintSettings print{sheetFormat("a4-3x8"), LabelStyle{}, true, FileModes{}};
  LabelPlan plan = planLabels(inputs, false);
  LabelsOutput output = printLabels(store, dir.path(), print, plan, "2026-06-01T10:00:00Z");
  BOOST_TEST_REQUIRE(output.files.size() == 2u);
  auto printed = LabelRecords(store).printed();
  BOOST_REQUIRE(printed.size() == 2u);
  BOOST_TEST(printed.at("R1").file == "labels-10_km.pdf");
  BOOST_TEST(printed.at("R2").file == "labels-5_km.pdf");
  BOOST_TEST(printed.at("R1").contentHash == labelHash(inputs.candidates[0]));
  BOOST_TEST(printed.at("R1").printedAt == "2026-06-01T10:00:00Z");
  // What was printed is now unchanged.
  inputs.printed = printed;
  BOOST_TEST(planLabels(inputs, true).toPrint.empty());
  BOOST_TEST(labelsSummary(plan, output)
                 .find("labels: 1 label on 1 page: " + dir.file("labels-10_km.pdf") + "\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
