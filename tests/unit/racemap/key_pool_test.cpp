#include "core/racemap/key_pool.h"

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <sqlite3.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <set>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/racemap/racemap_client.h"
#include "core/store/state_store.h"
#include "sandbox/in_process_transport.h"
#include "sandbox/racemap_sandbox.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;
using sandbox::RacemapSandbox;

namespace {

// A token that no message text contains by chance, so that scrubbing it changes nothing else.
const char* const kToken = "rm_test_token_9c1d";

// The key pool against the RACEMAP sandbox, reached in process.
struct Pool {
  std::shared_ptr<RacemapSandbox> racemap = std::make_shared<RacemapSandbox>(kToken, "me", 42);
  StateStore store{":memory:"};
  sandbox::InProcessTransport http;
  ManualClock clock;
  RacemapConfig config;

  Pool() {
    racemap->addEvent("evt", "Easy QR Code Run");
    http.add(racemap);
    config.baseUrl = http.baseUrl();
    config.eventId = "evt";
    config.token = kToken;
    config.timeoutMs = 5000;
  }

  void addRegistrants(int n, const std::string& prefix = "R") {
    for (int i = 1; i <= n; ++i) {
      std::string id = prefix + std::to_string(100 + i);
      int line = i;
      store.session() << "INSERT INTO registrants (id, first_name, line) VALUES (?, 'Runner', ?)",
          use(id), use(line), now;
    }
  }

  void withdraw(const std::string& id) {
    std::string copy = id;
    store.session() << "UPDATE registrants SET status = 'withdrawn' WHERE id = ?", use(copy), now;
  }

  KeyPoolReport sync(KeyPoolOptions options = {}) {
    RacemapClient client(http, clock, config);
    KeyPool pool(store, client, clock);
    return pool.sync(options, 1);
  }

  std::map<std::string, std::string> assignments() {
    std::vector<std::string> ids;
    std::vector<std::string> keys;
    store.session() << "SELECT registration_id, key FROM keys WHERE state = 'assigned'", into(ids),
        into(keys), now;
    std::map<std::string, std::string> result;
    for (size_t i = 0; i < ids.size(); ++i) result[ids[i]] = keys[i];
    return result;
  }

  long long scalar(const std::string& sql) {
    Poco::Int64 value = 0;
    store.session() << sql, into(value), now;
    return value;
  }
};

std::set<std::string> distinctValues(const std::map<std::string, std::string>& map) {
  std::set<std::string> values;
  for (const auto& entry : map) values.insert(entry.second);
  return values;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(key_pool_test)

BOOST_AUTO_TEST_CASE(normalises_keys_to_upper_case_and_rejects_others) {
  BOOST_TEST(normaliseKey("k84n2s") == "K84N2S");
  BOOST_TEST(normaliseKey("6G615L") == "6G615L");
  BOOST_TEST(normaliseKey("K84N2") == "");
  BOOST_TEST(normaliseKey("K84N2S7") == "");
  BOOST_TEST(normaliseKey("K8-N2S") == "");
  BOOST_TEST(normaliseKey("K8ÄN2") == "");
}

BOOST_AUTO_TEST_CASE(requests_exactly_the_deficit_once) {
  Pool pool;
  pool.racemap->addKeys("evt", {"AAAAA1", "AAAAA2"});
  pool.addRegistrants(5);
  KeyPoolReport report = pool.sync();
  BOOST_TEST(report.requested == 3);
  BOOST_TEST(pool.racemap->generateCalls("evt") == 1);
  BOOST_TEST(pool.racemap->keysGenerated("evt") == 3);
  BOOST_TEST(report.assigned == 5);
  BOOST_TEST(pool.assignments().size() == 5u);
  BOOST_TEST(distinctValues(pool.assignments()).size() == 5u);
  BOOST_TEST(pool.assignments()["R101"] == "AAAAA1");  // stable order: first registrant, first key

  auto before = pool.assignments();
  KeyPoolReport again = pool.sync();
  BOOST_TEST(again.requested == 0);
  BOOST_TEST(pool.racemap->generateCalls("evt") == 1);
  BOOST_TEST((pool.assignments() == before));
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE state = 'reconciled'") == 1);
}

BOOST_AUTO_TEST_CASE(never_assigns_keys_held_by_foreign_starters) {
  Pool pool;
  pool.racemap->addKeys("evt", {"AAAAA1", "AAAAA2", "AAAAA3"});
  pool.racemap->addStarter("evt", {"", "Walk-in Runner", "900", "aaaaa2", false, ""});
  pool.addRegistrants(3);
  KeyPoolReport report = pool.sync();
  BOOST_TEST(report.foreign == 1);
  BOOST_TEST(report.requested == 1);
  BOOST_TEST(distinctValues(pool.assignments()).count("AAAAA2") == 0u);
  BOOST_TEST(pool.assignments().size() == 3u);
}

BOOST_AUTO_TEST_CASE(splits_requests_above_the_per_call_cap) {
  Pool pool;
  pool.addRegistrants(5);
  KeyPoolOptions options;
  options.maxKeysPerCall = 2;
  KeyPoolReport report = pool.sync(options);
  BOOST_TEST(report.generateCalls == 3);
  BOOST_TEST(pool.racemap->keysGenerated("evt") == 5);
  BOOST_TEST(pool.assignments().size() == 5u);
}

BOOST_AUTO_TEST_CASE(adopts_the_keys_of_a_dropped_answer_without_asking_again) {
  Pool pool;
  pool.addRegistrants(4);
  pool.racemap->faults().dropAfterHandling(1, "generate_starter_keys");
  KeyPoolReport report = pool.sync();
  BOOST_TEST(pool.racemap->generateCalls("evt") == 1);
  BOOST_TEST(report.adopted == 4);
  BOOST_TEST(pool.assignments().size() == 4u);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE outcome = 'dropped'") == 1);
  pool.sync();
  BOOST_TEST(pool.racemap->generateCalls("evt") == 1);
}

BOOST_AUTO_TEST_CASE(adopts_keys_of_a_request_left_pending_by_a_crash) {
  Pool pool;
  pool.addRegistrants(3);
  // A run died after recording its intent; RACEMAP did the work.
  pool.store.session() << "INSERT INTO key_requests (count, keys_before, created_at) "
                          "VALUES (3, 0, '2026-01-01T00:00:00Z')",
      now;
  pool.racemap->addKeys("evt", {"BBBBB1", "BBBBB2", "BBBBB3"});
  KeyPoolReport report = pool.sync();
  BOOST_TEST(pool.racemap->generateCalls("evt") == 0);
  BOOST_TEST(report.requested == 0);
  BOOST_TEST(pool.assignments().size() == 3u);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE state = 'pending'") == 0);
}

BOOST_AUTO_TEST_CASE(waits_for_a_young_pending_request_before_asking_again) {
  Pool pool;
  pool.addRegistrants(2);
  std::string at = isoUtc(pool.clock.nowMs());
  pool.store.session() << "INSERT INTO key_requests (count, keys_before, created_at) "
                          "VALUES (2, 0, ?)",
      use(at), now;
  BOOST_CHECK_EXCEPTION(pool.sync(), TemporaryError, [](const TemporaryError& e) {
    return e.message().find("an earlier key request has not shown up") != std::string::npos;
  });
  BOOST_TEST(pool.racemap->generateCalls("evt") == 0);
  pool.clock.advanceMs(16 * 60 * 1000);
  KeyPoolReport report = pool.sync();
  BOOST_TEST(report.requested == 2);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE outcome LIKE 'lost%'") == 1);
}

BOOST_AUTO_TEST_CASE(does_not_retry_a_failed_generate_call_in_the_same_run) {
  Pool pool;
  pool.addRegistrants(2);
  pool.racemap->faults().failNext(1, 503, "{}", "generate_starter_keys");
  BOOST_CHECK_THROW(pool.sync(), TemporaryError);
  BOOST_TEST(pool.http.countRequests("POST", "generate_starter_keys") == 1);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE state = 'pending'") == 0);
  pool.sync();
  BOOST_TEST(pool.assignments().size() == 2u);
}

BOOST_AUTO_TEST_CASE(keeps_the_key_of_a_withdrawn_registrant_until_released) {
  Pool pool;
  pool.addRegistrants(3);
  pool.sync();
  auto first = pool.assignments();
  pool.withdraw("R101");
  pool.withdraw("R102");
  pool.sync();
  BOOST_TEST((pool.assignments() == first));
  // R102 used the key in the app: it is never released.
  pool.racemap->addStarter("evt", {"", "Runner", "", first["R102"], true, "R102"});
  KeyPoolOptions release;
  release.releaseWithdrawn = true;
  KeyPoolReport report = pool.sync(release);
  BOOST_TEST(report.released == 1);
  BOOST_TEST(pool.assignments().count("R101") == 0u);
  BOOST_TEST(pool.assignments()["R102"] == first["R102"]);
  BOOST_TEST(report.free == 1);
  // A new registrant gets the released key instead of a new request.
  pool.addRegistrants(1, "S");
  KeyPoolReport next = pool.sync();
  BOOST_TEST(next.requested == 0);
  BOOST_TEST(pool.assignments()["S101"] == first["R101"]);
}

BOOST_AUTO_TEST_CASE(reports_malformed_keys_and_never_assigns_them) {
  Pool pool;
  pool.racemap->addKeys("evt", {"abc123", "AB!23X", "TOOLONG1"});
  pool.addRegistrants(1);
  KeyPoolReport report = pool.sync();
  BOOST_TEST(report.malformed == 2);
  BOOST_TEST(pool.assignments()["R101"] == "ABC123");
  BOOST_TEST(pool.scalar("SELECT count(*) FROM problems WHERE code = 'malformed_key'") == 2);
}

BOOST_AUTO_TEST_CASE(accepts_the_key_list_as_objects) {
  Pool pool;
  pool.racemap->setKeyListShape(RacemapSandbox::KeyListShape::kObjects);
  pool.racemap->addKeys("evt", {"CCCCC1"});
  pool.addRegistrants(2);
  KeyPoolReport report = pool.sync();
  BOOST_TEST(report.requested == 1);
  BOOST_TEST(pool.assignments().size() == 2u);
}

BOOST_AUTO_TEST_CASE(retries_reads_after_a_malformed_answer_or_a_5xx_without_sleeping) {
  Pool pool;
  pool.addRegistrants(2);
  pool.racemap->faults().malformNext(1, "starter_keys");
  pool.racemap->faults().failNext(1, 502, "bad gateway", "/starters");
  KeyPoolReport report = pool.sync();
  BOOST_TEST(report.assigned == 2);
  BOOST_TEST(pool.clock.sleptMs() == 2000);  // one pause of 1 s before each second try
  BOOST_TEST(pool.racemap->generateCalls("evt") == 1);
}

BOOST_AUTO_TEST_CASE(uses_get_when_configured) {
  Pool pool;
  pool.config.generateMethod = "GET";
  pool.addRegistrants(1);
  pool.sync();
  BOOST_TEST(pool.http.countRequests("GET", "generate_starter_keys") == 1);
}

BOOST_AUTO_TEST_CASE(refuses_a_bad_token_naming_racemap_token) {
  Pool pool;
  pool.config.token = "wrong";
  BOOST_CHECK_EXCEPTION(pool.sync(), RemoteError, [](const RemoteError& e) {
    return e.message().find("GET /api/inspect: HTTP 401") == 0 &&
           e.message().find("RACEMAP_TOKEN") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(tells_unknown_and_forbidden_events_apart) {
  Pool pool;
  pool.racemap->addEvent("theirs", "Other Run", "someone-else");
  pool.config.eventId = "nope";
  BOOST_CHECK_EXCEPTION(pool.sync(), ConfigurationError, [](const ConfigurationError& e) {
    return e.message().find("racemap.event_id") != std::string::npos;
  });
  pool.config.eventId = "theirs";
  BOOST_CHECK_EXCEPTION(pool.sync(), RemoteError, [](const RemoteError& e) {
    return e.message().find("HTTP 403") != std::string::npos;
  });
}

// What broke at 200,000 registrants: the key list was read again after each of the 200 generate
// calls, 200 reads of a list growing to 200,000 keys (180 MB), and the keys step grew 25-28x from
// 10,000 to 200,000. Now the calls go out one after the other while they succeed, and the list is
// read once after the last.
BOOST_AUTO_TEST_CASE(the_key_list_is_read_once_after_all_generate_calls_not_after_each) {
  Pool pool;
  pool.addRegistrants(2500);
  KeyPoolReport report = pool.sync();
  BOOST_TEST(report.generateCalls == 3);
  BOOST_TEST(report.assigned == 2500);
  BOOST_TEST(pool.http.countRequests("GET", "starter_keys") == 1 + 1);
  BOOST_TEST(pool.http.countRequests("GET", "/starters") == 1);
  // inspect and the event, then the two reads before, the 3 calls, one read.
  BOOST_TEST(pool.http.requests().size() == 2u + 2u + 3u + 1u);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE state = 'reconciled'") == 3);
  // Each call's keys are credited to it, and each was recorded with the list it expected before.
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE adopted = count") == 3);
  std::vector<Poco::Int64> before, credited;
  pool.store.session() << "SELECT keys_before FROM key_requests ORDER BY id", into(before), now;
  pool.store.session() << "SELECT count(*) FROM keys GROUP BY request_id ORDER BY request_id",
      into(credited), now;
  BOOST_TEST((before == std::vector<Poco::Int64>{0, 1000, 2000}));
  BOOST_TEST((credited == std::vector<Poco::Int64>{1000, 1000, 500}));
}

// A call that fails ends the calls: the list is read at once, the keys of the calls before it are
// kept and handed out, and the failed call is not made again in the same run.
BOOST_AUTO_TEST_CASE(a_failed_call_among_many_ends_the_calls_and_keeps_the_keys_before_it) {
  Pool pool;
  pool.addRegistrants(2500);
  int calls = 0;
  pool.http.observe([&](const sandbox::Request& request) {
    if (request.path.find("generate_starter_keys") == std::string::npos) return;
    if (++calls == 2) pool.racemap->faults().failNext(1, 503, "{}", "generate_starter_keys");
  });
  BOOST_CHECK_THROW(pool.sync(), TemporaryError);
  BOOST_TEST(pool.http.countRequests("POST", "generate_starter_keys") == 2);
  BOOST_TEST(pool.http.countRequests("GET", "starter_keys") == 1 + 1);
  BOOST_TEST(pool.assignments().size() == 1000u);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE state = 'pending'") == 0);
  BOOST_TEST(pool.scalar("SELECT adopted FROM key_requests WHERE outcome LIKE 'error:%'") == 0);
  // The next run asks for the 1500 still missing, in two calls.
  KeyPoolReport again = pool.sync();
  BOOST_TEST(again.requested == 1500);
  BOOST_TEST(again.generateCalls == 2);
  BOOST_TEST(pool.assignments().size() == 2500u);
  BOOST_TEST(distinctValues(pool.assignments()).size() == 2500u);
}

// A call that answers but whose keys do not show up in the list: the run asks for nothing more
// (RACEMAP may still be making them), says so, and the next run asks for what is still missing.
BOOST_AUTO_TEST_CASE(keys_a_call_answered_but_the_list_lacks_are_not_asked_again_in_the_run) {
  Pool pool;
  pool.addRegistrants(2500);
  pool.racemap->faults().failNext(1, 200, "[]", "generate_starter_keys");  // answered, made none
  KeyPoolReport report = pool.sync();
  BOOST_TEST(report.generateCalls == 3);
  BOOST_TEST(report.requested == 2500);
  BOOST_TEST(report.assigned == 1500);
  BOOST_TEST(report.withoutKey == 1000);
  BOOST_TEST(pool.http.countRequests("GET", "starter_keys") == 1 + 1);
  BOOST_TEST(report.notes.size() == 1u);
  BOOST_TEST(report.notes.front().find("the next run asks for the 1000 still missing") !=
             std::string::npos);
  KeyPoolReport again = pool.sync();
  BOOST_TEST(again.requested == 1000);
  BOOST_TEST(pool.assignments().size() == 2500u);
  BOOST_TEST(pool.racemap->keysGenerated("evt") == 2500);
}

// A run that dies between calls leaves each call pending with the list size it expected before it
// (what was listed plus what the calls before it asked for): the next run settles the calls whose
// keys are listed, waits for the one that never reached RACEMAP, and asks no key twice.
BOOST_AUTO_TEST_CASE(a_run_killed_between_calls_settles_each_call_by_the_list_it_expected) {
  Pool pool;
  pool.addRegistrants(2500);
  struct Killed {};
  int calls = 0;
  pool.http.observe([&](const sandbox::Request& request) {
    if (request.path.find("generate_starter_keys") != std::string::npos && ++calls == 3) {
      throw Killed{};  // the process dies as call 3 goes out
    }
  });
  BOOST_CHECK_THROW(pool.sync(), Killed);
  pool.http.observe(nullptr);
  BOOST_TEST(pool.racemap->keysGenerated("evt") == 2000);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE state = 'pending'") == 3);
  BOOST_TEST(pool.assignments().empty());
  BOOST_CHECK_THROW(pool.sync(), TemporaryError);  // call 3 may still be on its way
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE outcome = "
                         "'adopted after restart'") == 2);
  BOOST_TEST(pool.assignments().size() == 2000u);
  pool.clock.advanceMs(16 * 60 * 1000);
  KeyPoolReport late = pool.sync();
  BOOST_TEST(late.requested == 500);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE outcome LIKE 'lost%'") == 1);
  BOOST_TEST(pool.racemap->keysGenerated("evt") == 2500);
  BOOST_TEST(distinctValues(pool.assignments()).size() == 2500u);
}

// What broke at 200,000 registrants: each of the 200 generate calls stored its 1,000 keys in a
// transaction of its own (index pages all over the keys table rewritten per call), and the keys
// step then updated every one of them again to assign it: quadratic in the store. Now: one commit
// per call for its intent, one for everything else; a key adopted and assigned in the same run is
// written once, already assigned.
BOOST_AUTO_TEST_CASE(keys_of_many_generate_calls_are_written_once_in_one_transaction) {
  Pool pool;
  pool.addRegistrants(2500);
  struct Writes {
    int commits = 0;
    int keyInserts = 0;
    int keyUpdates = 0;
  } writes;
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(pool.store.session());
  sqlite3_commit_hook(
      db, [](void* w) { return ++static_cast<Writes*>(w)->commits, 0; }, &writes);
  sqlite3_update_hook(
      db,
      [](void* w, int op, const char*, const char* table, sqlite3_int64) {
        if (std::string(table) != "keys") return;
        if (op == SQLITE_INSERT) ++static_cast<Writes*>(w)->keyInserts;
        if (op == SQLITE_UPDATE) ++static_cast<Writes*>(w)->keyUpdates;
      },
      &writes);
  KeyPoolReport report = pool.sync();
  sqlite3_commit_hook(db, nullptr, nullptr);
  sqlite3_update_hook(db, nullptr, nullptr);
  BOOST_TEST(report.generateCalls == 3);
  BOOST_TEST(report.assigned == 2500);
  BOOST_TEST(writes.keyInserts == 2500);  // 1000 + 1000 + 500
  BOOST_TEST(writes.keyUpdates == 0);
  // The intent of each of the 3 calls, then the final one (applyPlan's has nothing to write).
  BOOST_TEST(writes.commits == 3 + 1);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM keys WHERE state = 'assigned' AND assigned_at <> '' "
                         "AND request_id IS NOT NULL AND adopted_at <> ''") == 2500);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests WHERE state = 'reconciled' AND "
                         "outcome = 'ok'") == 3);
  BOOST_TEST(pool.scalar("SELECT sum(adopted) FROM key_requests") == 2500);
}

BOOST_AUTO_TEST_CASE(plans_a_dry_run_without_writing) {
  Pool pool;
  pool.racemap->addKeys("evt", {"AAAAA1", "BAD!"});
  pool.addRegistrants(4);
  KeyPoolOptions options;
  options.dryRun = true;
  KeyPoolReport report = pool.sync(options);
  BOOST_TEST(pool.racemap->generateCalls("evt") == 0);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM keys") == 0);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM key_requests") == 0);
  BOOST_TEST(pool.scalar("SELECT count(*) FROM problems") == 0);
  BOOST_TEST(report.malformed == 1);
  BOOST_REQUIRE(report.plan.size() == 2u);
  BOOST_TEST(report.plan[0] == "request 3 keys from RACEMAP event evt");
  BOOST_TEST(report.plan[1] == "assign 1 keys to registrants");
}

BOOST_AUTO_TEST_SUITE_END()
