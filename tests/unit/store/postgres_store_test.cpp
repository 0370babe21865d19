// The state store on PostgreSQL: one schema per event, migrations, the scratch store of a dry run
// and StoreStatement on libpq. Needs RACESYNC_TEST_PG (scripts/pg-test-server); skips without it.
#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/store/schema.h"
#include "core/store/state_store.h"
#include "core/store/store_statement.h"
#include "tests/support/test_support.h"
#include "tests/unit/store/test_store.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;
using racesync::test::dropEvent;
using racesync::test::pgQuery;
using racesync::test::testPgLocation;
using racesync::test::uniqueEvent;

namespace {

long long count(StateStore& store, const std::string& sql) {
  Poco::Int64 value = 0;
  store.sql(sql), into(value), now;
  return value;
}

// An event opened for a test and dropped after it.
struct Event {
  std::string name = uniqueEvent("pg");
  StateLocation location = testPgLocation(name);
  ~Event() { dropEvent(name); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(postgres_store_test,
                      *boost::unit_test::precondition(racesync::test::hasTestPg))

BOOST_AUTO_TEST_CASE(event_gets_its_own_registered_schema_at_the_current_version) {
  Event event;
  StateStore store(event.location);
  BOOST_TEST((store.dialect() == SqlDialect::kPostgres));
  BOOST_TEST(store.schema() == eventSchemaName(event.name));
  BOOST_TEST(store.schemaVersion() == currentSchemaVersion());
  BOOST_TEST(pgQuery("SELECT schema_name FROM racesync.events WHERE event = $1", {event.name}) ==
             store.schema());
  BOOST_TEST(pgQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND "
                     "table_name IN ('registrants', 'keys', 'mails', 'runs', 'writebacks')",
                     {store.schema()}) == "5");
  BOOST_TEST(store.path() == "postgresql://test-server/postgres (event " + event.name + ")");
}

BOOST_AUTO_TEST_CASE(reopening_an_event_keeps_its_rows_and_version) {
  Event event;
  {
    StateStore store(event.location);
    BOOST_TEST(store.beginRun("t0", "import") == 1);
    BOOST_TEST(store.beginRun("t1", "keys") == 2);
  }
  StateStore again(event.location);
  BOOST_TEST(again.schemaVersion() == currentSchemaVersion());
  BOOST_TEST(count(again, "SELECT count(*) FROM runs") == 2);
  BOOST_TEST(again.beginRun("t2", "mail") == 3);
}

BOOST_AUTO_TEST_CASE(events_in_one_database_do_not_see_each_other) {
  Event spring, autumn;
  StateStore a(spring.location), b(autumn.location);
  BOOST_TEST(a.schema() != b.schema());
  std::string id = "R1";
  a.sql("INSERT INTO registrants (id, name) VALUES (?, 'Ann')"), use(id), now;
  BOOST_TEST(count(a, "SELECT count(*) FROM registrants") == 1);
  BOOST_TEST(count(b, "SELECT count(*) FROM registrants") == 0);
  b.sql("INSERT INTO registrants (id, name) VALUES (?, 'Bob')"), use(id), now;  // same id: fine
  BOOST_TEST(count(b, "SELECT count(*) FROM registrants") == 1);
}

BOOST_AUTO_TEST_CASE(transaction_that_throws_leaves_nothing_behind) {
  Event event;
  StateStore store(event.location);
  BOOST_CHECK_THROW(store.transact([&] {
    store.execute("INSERT INTO meta (k, v) VALUES ('a', '1')");
    store.execute("INSERT INTO meta (k, v) VALUES ('a', '2')");  // duplicate key
  }),
                    StoreError);
  BOOST_TEST(count(store, "SELECT count(*) FROM meta") == 0);
  store.transact([&] { store.execute("INSERT INTO meta (k, v) VALUES ('a', '3')"); });
  BOOST_TEST(count(store, "SELECT count(*) FROM meta") == 1);
}

BOOST_AUTO_TEST_CASE(store_statement_binds_runs_and_reads_rows_one_at_a_time) {
  Event event;
  StateStore store(event.location);
  store.transact([&] {
    StoreStatement insert(store, "INSERT INTO registrants (id, line, first_run) VALUES (?, ?, ?)");
    for (int i = 0; i < 2000; ++i) {
      insert.bind(1, "R" + std::to_string(i)).bind(2, static_cast<long long>(i)).bindNull(3);
      BOOST_REQUIRE(insert.run() == 1);
    }
  });
  StoreStatement query(store,
                       "SELECT id, line, first_run FROM registrants WHERE line >= ? ORDER BY line");
  query.bind(1, 1990LL);
  std::vector<std::string> ids;
  std::string id;
  while (query.next()) {
    query.text(0, id);
    ids.push_back(id + "/" + std::to_string(query.integer(1)) + "/" +
                  std::to_string(query.integer(2)));
  }
  BOOST_TEST(ids.size() == 10u);
  BOOST_TEST(ids.front() == "R1990/1990/0");
  // The statement is reusable, and the connection free again for other statements.
  query.bind(1, 1999LL);
  BOOST_TEST(query.next());
  BOOST_TEST(!query.next());
  BOOST_TEST(count(store, "SELECT count(*) FROM registrants") == 2000);
}

BOOST_AUTO_TEST_CASE(store_statement_error_names_the_statement_and_the_server_words) {
  Event event;
  StateStore store(event.location);
  StoreStatement insert(store, "INSERT INTO meta (k, v) VALUES (?, ?)");
  insert.bind(1, std::string("a")).bind(2, std::string("1")).run();
  std::string message =
      racesync::test::errorOf<StoreError>([&] { insert.run(); });  // same key again
  BOOST_TEST(message.find("state store: statement 'INSERT INTO meta (k, v) VALUES (?, ?)' "
                          "failed: ERROR:") == 0u,
             message);
  BOOST_TEST(message.find("duplicate key") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(dry_run_scratch_store_never_touches_the_shared_event) {
  Event event;
  {
    StateStore shared(event.location);
    shared.beginRun("t0", "import");
    shared.execute("INSERT INTO keys (key, state) VALUES ('AAAAA1', 'free')");
  }
  {
    StateStore scratch(event.location, FileModes{}, StateStore::Mode::kScratch);
    BOOST_TEST(count(scratch, "SELECT count(*) FROM keys") == 1);  // sees the shared rows
    BOOST_TEST(scratch.beginRun("t1", "keys") == 2);               // ids go on from there
    scratch.execute("UPDATE keys SET state = 'assigned', registration_id = 'R1'");
    scratch.execute("INSERT INTO keys (key, state) VALUES ('AAAAA2', 'free')");
    BOOST_TEST(count(scratch, "SELECT count(*) FROM keys") == 2);
  }
  StateStore shared(event.location);
  BOOST_TEST(count(shared, "SELECT count(*) FROM runs") == 1);
  BOOST_TEST(count(shared, "SELECT count(*) FROM keys WHERE state = 'free'") == 1);
  BOOST_TEST(count(shared, "SELECT count(*) FROM keys") == 1);
}

BOOST_AUTO_TEST_CASE(dry_run_of_a_new_event_creates_nothing_shared) {
  Event event;
  {
    StateStore scratch(event.location, FileModes{}, StateStore::Mode::kScratch);
    BOOST_TEST(scratch.schemaVersion() == currentSchemaVersion());
    scratch.execute("INSERT INTO meta (k, v) VALUES ('a', '1')");
  }
  BOOST_TEST(pgQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1",
                     {eventSchemaName(event.name)}) == "0");
}

BOOST_AUTO_TEST_CASE(copy_to_is_refused_on_postgresql) {
  Event event;
  StateStore store(event.location);
  BOOST_CHECK_THROW(store.copyTo("/tmp/never.db"), StoreError);
}

BOOST_AUTO_TEST_CASE(unreachable_server_is_a_store_error_naming_the_url) {
  StateLocation location = testPgLocation("e");
  location.conninfo = "host=127.0.0.1 port=1 user=nobody dbname=none";
  location.url = "postgresql://nobody@127.0.0.1:1/none";
  std::string message = racesync::test::errorOf<StoreError>([&] { StateStore store(location); });
  BOOST_TEST(message.find("postgresql://nobody@127.0.0.1:1/none (event e): cannot open the state "
                          "store: ") == 0u,
             message);
}

BOOST_AUTO_TEST_SUITE_END()
