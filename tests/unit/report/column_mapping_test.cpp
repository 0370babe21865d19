#include "core/report/column_mapping.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/store/state_store.h"

using Poco::Data::Keywords::now;
using namespace racesync;

BOOST_AUTO_TEST_SUITE(column_mapping_test)

BOOST_AUTO_TEST_CASE(a_store_without_the_table_has_no_mapping) {
  StateStore store(":memory:");
  BOOST_TEST(mappedColumns(store).empty());
}

BOOST_AUTO_TEST_CASE(reads_the_mapping_the_import_stored_in_its_order) {
  StateStore store(":memory:");
  // The table as the import creates it.
  store.session() << "CREATE TABLE IF NOT EXISTS column_mapping (source TEXT NOT NULL, seq "
                     "INTEGER NOT NULL, field TEXT NOT NULL DEFAULT '', header TEXT NOT NULL "
                     "DEFAULT '', format TEXT NOT NULL DEFAULT '', PRIMARY KEY (source, seq))",
      now;
  store.session() << "INSERT INTO column_mapping VALUES ('reg.csv', 2, 'bib', '', 'utf-8'), "
                     "('reg.csv', 1, 'email', 'Participant Email', 'utf-8')",
      now;
  auto columns = mappedColumns(store);
  BOOST_TEST_REQUIRE(columns.size() == 2u);
  BOOST_TEST(columns[0].field == "email");
  BOOST_TEST(columns[0].header == "Participant Email");
  BOOST_TEST(columns[1].field == "bib");
  BOOST_TEST(columns[1].header == "");
  BOOST_TEST(columns[1].format == "utf-8");
}

BOOST_AUTO_TEST_SUITE_END()
