#include "core/store/state_transfer.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/base/errors.h"
#include "core/store/state_store.h"
#include "tests/support/state_dump.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace {

// The tables of a migrated store and their columns, as SQLite itself lists them.
std::map<std::string, std::set<std::string>> schemaColumns(StateStore& store) {
  std::vector<std::string> tables;
  store.session() << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                     "'sqlite_%'",
      into(tables), now;
  std::map<std::string, std::set<std::string>> columns;
  for (const std::string& table : tables) {
    Poco::Data::Statement select(store.session());
    select << "SELECT * FROM " + table + " LIMIT 0", now;
    Poco::Data::RecordSet rows(select);
    for (std::size_t i = 0; i < rows.columnCount(); ++i) {
      columns[table].insert(rows.columnName(i));
    }
  }
  return columns;
}

// A state with runs, registrants (one withdrawn), free, assigned and released keys (a free key's
// registrant NULL), a key request, links, mails (sent, in doubt), problems, RaceRanger and RACE
// RESULT records, a column mapping, an alias, a printed label and meta.
void fill(StateStore& store) {
  for (const char* sql : {
           "INSERT INTO runs (id, started_at, finished_at, steps, exit_code, summary) VALUES "
           "(1, '2026-12-01T10:00:00Z', '2026-12-01T10:01:00Z', 'import,keys', 0, '{}'), "
           "(2, '2026-12-02T10:00:00Z', NULL, 'mail', NULL, '{}')",
           "INSERT INTO registrants (id, bib, first_name, last_name, name, email, race, line, "
           "status, first_run, last_run, language) VALUES "
           "('R1', '7', 'Ann', 'Lee', 'Ann Lee', 'ann@example.org', '10 km', 2, 'active', 1, 2, "
           "'de'), ('R2', '8', 'Bo', 'Öst', 'Bo Öst', '', '5 km', 3, 'withdrawn', 1, NULL, ''), "
           "('R3', '', 'Cy', 'Ng', 'Cy Ng', 'cy@example.org', '10 km', 4, 'active', 2, 2, '')",
           "INSERT INTO key_requests (id, run_id, count, keys_before, state, created_at) VALUES "
           "(1, 1, 3, 0, 'reconciled', '2026-12-01T10:00:10Z')",
           "INSERT INTO keys (key, state, registration_id, assigned_at, request_id, released_from) "
           "VALUES ('AAAAA1', 'assigned', 'R1', 't1', 1, ''), ('BBBBB2', 'free', NULL, '', 1, ''),"
           " ('CCCCC3', 'released', NULL, '', NULL, 'R2'), ('DDDDD4', 'assigned', 'R3', 't2', 1, "
           "'')",
           "INSERT INTO links (registration_id, key, link, qr_file, qr_link) VALUES "
           "('R1', 'AAAAA1', 'https://racemap.app/redeem_key?key=AAAAA1', 'qr/7.png', "
           "'https://racemap.app/redeem_key?key=AAAAA1'), ('R3', 'DDDDD4', 'https://x/DDDDD4', "
           "'qr/R3.png', 'https://x/DDDDD4')",
           "INSERT INTO mails (registration_id, link, message_id, email, state, attempts, sends, "
           "sent_at) VALUES ('R1', 'https://racemap.app/redeem_key?key=AAAAA1', '<m1@x>', "
           "'ann@example.org', 'sent', 0, 1, 't3'), ('R3', 'https://x/DDDDD4', '<m3@x>', "
           "'cy@example.org', 'sending', 1, 0, '')",
           "INSERT INTO problems (id, run_id, step, source, line, registration_id, code, message) "
           "VALUES (5, 1, 'import', 'a.csv', 3, 'R2', 'no_email', 'a.csv:3: no email')",
           "INSERT INTO athletes (registration_id, race_id, outcome) VALUES ('R1', 'r10', "
           "'created')",
           "INSERT INTO races (race_id, name, status, held) VALUES ('r10', '10 km', 'scheduled', "
           "1)",
           "INSERT INTO writebacks (registration_id, target, key) VALUES ('R1', '12', 'AAAAA1')",
           "INSERT INTO column_mapping (source, seq, field, header, format) VALUES "
           "('a.csv', 0, 'id', 'ID', 'utf-8'), ('a.csv', 1, '', 'T-Shirt', 'utf-8')",
           "INSERT INTO id_aliases (alias, id) VALUES ('d-1234', 'R3')",
           "INSERT INTO printed_labels (registration_id, content_hash) VALUES ('R1', 'h1')",
           "INSERT INTO meta (k, v) VALUES ('raceranger.push_generation', '3')",
       }) {
    store.session() << sql, now;
  }
}

TransferPlan plan(StateStore& source, StateStore& target, bool replace) {
  return planTransfer("a.db", "b.db", source.schemaVersion(), target.schemaVersion(),
                      countState(source), countState(target), replace);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(state_transfer_test)

BOOST_AUTO_TEST_CASE(knows_every_table_and_column_of_the_schema) {
  StateStore store(":memory:");
  std::map<std::string, std::set<std::string>> known;
  for (const StoreTable& table : storeTables()) {
    for (const StoreColumn& column : table.columns) known[table.name].insert(column.name);
  }
  BOOST_TEST(known == schemaColumns(store));
}

BOOST_AUTO_TEST_CASE(round_trips_a_state_with_keys_mails_and_links) {
  StateStore source(":memory:"), middle(":memory:"), back(":memory:");
  fill(source);
  applyTransfer(source, middle, plan(source, middle, false));
  StateCounts counts = applyTransfer(middle, back, plan(middle, back, false));
  BOOST_TEST(counts.of("keys") == 4);
  BOOST_TEST(counts.of("registrants") == 3);
  BOOST_TEST(test::dumpState(back).size() == 23u);
  BOOST_TEST(test::dumpState(source) == test::dumpState(middle), boost::test_tools::per_element());
  BOOST_TEST(test::dumpState(source) == test::dumpState(back), boost::test_tools::per_element());
  // The ids came along: the next run continues after them.
  Poco::Int64 next = back.beginRun("2026-12-03T10:00:00Z", "mail");
  BOOST_TEST(next == 3);
}

BOOST_AUTO_TEST_CASE(refuses_a_target_that_holds_a_state_unless_replace) {
  StateStore source(":memory:"), target(":memory:");
  fill(source);
  target.session() << "INSERT INTO keys (key, state) VALUES ('ZZZZZ9', 'free')", now;
  BOOST_TEST(test::errorOf<InputError>([&] { plan(source, target, false); }) ==
             "b.db: already holds a state (0 registrants, 1 keys): nothing was copied; pass "
             "--replace to overwrite it with a.db, or choose an empty store");
  TransferPlan replacing = plan(source, target, true);
  BOOST_TEST(describeTransfer(replacing) ==
                 (std::vector<std::string>{
                     "from a.db to b.db (schema version 3)",
                     "replace: 1 rows of b.db removed first (0 registrants, 1 keys)",
                     "copy: 3 registrants, 4 keys, 2 links, 2 mails; 23 rows in 14 tables"}),
             boost::test_tools::per_element());
  applyTransfer(source, target, replacing);
  BOOST_TEST(test::dumpState(source) == test::dumpState(target), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_copy_that_fails_halfway_leaves_the_target_as_it_was) {
  StateStore source(":memory:"), target(":memory:");
  fill(source);
  // Meta is neither registrants nor keys: the plan lets it pass, the copy then collides on it.
  target.session() << "INSERT INTO meta (k, v) VALUES ('raceranger.push_generation', '9')", now;
  std::vector<std::string> before = test::dumpState(target);
  BOOST_CHECK_THROW(applyTransfer(source, target, plan(source, target, false)), StoreError);
  BOOST_TEST(test::dumpState(target) == before, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(refuses_an_empty_source_which_would_wipe_a_replaced_target) {
  StateStore source(":memory:"), target(":memory:");
  fill(target);
  BOOST_TEST(test::errorOf<InputError>([&] { plan(source, target, true); }) ==
             "a.db: holds no registrants and no keys: nothing to copy; check the path, the URL or "
             "state.event");
}

BOOST_AUTO_TEST_CASE(refuses_stores_of_different_schema_versions) {
  BOOST_CHECK_EXCEPTION(
      planTransfer("a.db", "b.db", 3, 2, StateCounts{}, StateCounts{}, false), StoreError,
      [](const StoreError& e) {
        return e.message() ==
               "b.db: schema version 2, but a.db has version 3: open both with the same racesync "
               "(run it once on each) and try again";
      });
}

BOOST_AUTO_TEST_SUITE_END()
