#include "core/store/store_statement.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include "core/base/errors.h"
#include "core/store/state_store.h"
#include "tests/unit/store/test_store.h"

using namespace racesync;

BOOST_AUTO_TEST_SUITE(store_statement_test,
                      *boost::unit_test::precondition(racesync::test::fixtureBackendThere))

BOOST_AUTO_TEST_CASE(writes_rows_prepared_once_and_bound_per_row) {
  racesync::test::TestStore test;
  StateStore& store = test.store();
  StoreStatement insert(store, "INSERT INTO registrants (id, bib, name) VALUES (?, ?, ?)");
  BOOST_TEST(insert.bind(1, std::string("R1"))
                 .bind(2, std::string("7"))
                 .bind(3, std::string("Ann"))
                 .run() == 1);
  BOOST_TEST(
      insert.bind(1, std::string("R2")).bind(2, std::string("")).bind(3, std::string("Bo")).run() ==
      1);
  StoreStatement rename(store, "UPDATE registrants SET name = ? WHERE bib = ?");
  BOOST_TEST(rename.bind(1, std::string("Bob")).bind(2, std::string("")).run() == 1);
  BOOST_TEST(rename.bind(1, std::string("x")).bind(2, std::string("99")).run() == 0);
}

BOOST_AUTO_TEST_CASE(reads_rows_one_at_a_time_and_resets_at_the_end) {
  racesync::test::TestStore test;
  StateStore& store = test.store();
  StoreStatement insert(store, "INSERT INTO registrants (id, bib, name) VALUES (?, ?, ?)");
  insert.bind(1, std::string("R1")).bind(2, std::string("7")).bind(3, std::string("Ann")).run();
  insert.bind(1, std::string("R2")).bind(2, std::string("12")).bind(3, std::string("Bo")).run();
  StoreStatement select(store,
                        "SELECT id, CAST(bib AS INTEGER), NULL FROM registrants ORDER BY id");
  std::string id, nothing = "left over";
  std::vector<std::pair<std::string, long long>> rows;
  for (int pass = 0; pass < 2; ++pass) {  // reset at the end: the query runs again
    rows.clear();
    while (select.next()) {
      select.text(0, id);
      select.text(2, nothing);
      rows.emplace_back(id, select.integer(1));
    }
    BOOST_TEST(rows.size() == 2u);
  }
  BOOST_TEST(rows[0].first == "R1");
  BOOST_TEST(rows[0].second == 7);
  BOOST_TEST(rows[1].first == "R2");
  BOOST_TEST(rows[1].second == 12);
  BOOST_TEST(nothing.empty());  // NULL reads as ""
}

BOOST_AUTO_TEST_CASE(a_statement_that_cannot_be_prepared_names_itself) {
  racesync::test::TestStore test;
  StateStore& store = test.store();
  BOOST_CHECK_EXCEPTION(StoreStatement(store, "SELECT nothing FROM nowhere"), StoreError,
                        [](const StoreError& e) {
                          return e.message().find(
                                     "'SELECT nothing FROM nowhere' cannot be "
                                     "prepared") != std::string::npos;
                        });
}

BOOST_AUTO_TEST_SUITE_END()
