// The meta table's named values, on an in-memory store (and on PostgreSQL: .postgres).
#include "core/store/meta_table.h"

#include <boost/test/unit_test.hpp>

#include "core/store/state_store.h"
#include "tests/unit/store/test_store.h"

using namespace racesync;

BOOST_AUTO_TEST_SUITE(meta_table_test)

BOOST_AUTO_TEST_CASE(a_value_is_read_back_replaced_and_empty_when_absent) {
  racesync::test::TestStore test;
  StateStore& store = test.store();
  BOOST_TEST(readMeta(store, "step.links.memo") == "");
  writeMeta(store, "step.links.memo", "done");
  writeMeta(store, "step.links.memo", "done again");
  BOOST_TEST(readMeta(store, "step.links.memo") == "done again");
}

BOOST_AUTO_TEST_CASE(values_under_a_prefix_are_those_keys_only_by_the_rest_of_the_key) {
  racesync::test::TestStore test;
  StateStore& store = test.store();
  writeMeta(store, "raceranger.read_back.race_m", "1 2 3");
  writeMeta(store, "raceranger.read_back.race_h", "4 5 6");
  // Neighbours: '_' is no wildcard here, and the bytes just around the prefix stay out.
  writeMeta(store, "raceranger.read_backXrace_m", "no");
  writeMeta(store, "raceranger.read_back", "no");
  writeMeta(store, "raceranger.read_back/", "no");
  writeMeta(store, "raceranger.push_generation", "7");
  const std::map<std::string, std::string> values = readMetaUnder(store, "raceranger.read_back.");
  BOOST_TEST(values.size() == 2u);
  BOOST_TEST(values.at("race_m") == "1 2 3");
  BOOST_TEST(values.at("race_h") == "4 5 6");
}

BOOST_AUTO_TEST_SUITE_END()
