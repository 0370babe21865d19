#include "core/labels/label_data.h"

#include <boost/test/unit_test.hpp>

using racesync::compareNatural;
using racesync::LabelData;
using racesync::sortLabels;
using racesync::splitByRace;

namespace {

LabelData label(const std::string& id, const std::string& race, const std::string& bib) {
  LabelData data;
  data.registrationId = id;
  data.race = race;
  data.bib = bib;
  return data;
}

std::vector<std::string> ids(const std::vector<LabelData>& labels) {
  std::vector<std::string> out;
  for (const LabelData& data : labels) out.push_back(data.registrationId);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(label_data_test)

BOOST_AUTO_TEST_CASE(compares_digit_runs_as_numbers) {
  BOOST_TEST(compareNatural("9", "10") < 0);
  BOOST_TEST(compareNatural("10", "9") > 0);
  BOOST_TEST(compareNatural("A2", "A10") < 0);
  BOOST_TEST(compareNatural("5 km", "10 km") < 0);
  BOOST_TEST(compareNatural("B1", "A9") > 0);
  BOOST_TEST(compareNatural("12", "12") == 0);
  BOOST_TEST(compareNatural("12", "12a") < 0);
  BOOST_TEST(compareNatural("99999999999999999999999", "100000000000000000000000") < 0);
}

BOOST_AUTO_TEST_CASE(orders_numbers_equal_in_value_by_their_text) {
  BOOST_TEST(compareNatural("007", "7") < 0);
  BOOST_TEST(compareNatural("7", "007") > 0);
  BOOST_TEST(compareNatural("007", "8") < 0);
}

BOOST_AUTO_TEST_CASE(sorts_by_race_then_bib_with_9_before_10) {
  std::vector<LabelData> labels = {label("a", "Halbmarathon", "10"), label("b", "10 km", "100"),
                                   label("c", "Halbmarathon", "9"), label("d", "10 km", "20"),
                                   label("e", "5 km", "2")};
  BOOST_TEST(ids(sortLabels(labels)) == (std::vector<std::string>{"e", "d", "b", "c", "a"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(puts_labels_without_a_bib_last_in_their_race_by_id) {
  std::vector<LabelData> labels = {label("R10", "10 km", ""), label("R9", "10 km", ""),
                                   label("R1", "10 km", "3"), label("R2", "5 km", "")};
  BOOST_TEST(ids(sortLabels(labels)) == (std::vector<std::string>{"R2", "R1", "R9", "R10"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(keeps_the_order_of_labels_that_compare_equal) {
  std::vector<LabelData> labels = {label("x", "10 km", "5"), label("x", "10 km", "5")};
  labels[0].name = "first";
  labels[1].name = "second";
  const std::vector<LabelData> sorted = sortLabels(labels);
  BOOST_TEST(sorted[0].name == "first");
  BOOST_TEST(sorted[1].name == "second");
}

BOOST_AUTO_TEST_CASE(splits_sorted_labels_by_race) {
  const auto races = splitByRace(sortLabels(
      {label("a", "Halbmarathon", "1"), label("b", "10 km", "2"), label("c", "10 km", "1")}));
  BOOST_TEST_REQUIRE(races.size() == 2u);
  BOOST_TEST(ids(races[0]) == (std::vector<std::string>{"c", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(ids(races[1]) == (std::vector<std::string>{"a"}), boost::test_tools::per_element());
  BOOST_TEST(splitByRace({}).empty());
}

BOOST_AUTO_TEST_SUITE_END()
