// Re-runs of the whole job on the sample exports, against the sandbox: an unchanged re-run writes
// nothing but its run record, and one changed registrant touches only what it changes plus the
// import feed files, once.
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/String.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/store/state_store.h"
#include "sandbox/rehearsal.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

// Every file under `dir` (relative name -> mtime in ns and size), the state store's own files
// and the run lock left out: they hold the run record.
void listFiles(const std::string& dir, const std::string& prefix,
               std::map<std::string, std::string>& out) {
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) {
    const std::string name = prefix + it.name();
    if (it->isDirectory()) {
      listFiles(it->path(), name + "/", out);
      continue;
    }
    if (name.rfind("racesync.db", 0) == 0) continue;
    struct stat info {};
    ::stat(it->path().c_str(), &info);
    out[name] = std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec) +
                " " + std::to_string(info.st_size);
  }
}

// Every row of every table but runs (the run record), as text: table -> rows.
std::map<std::string, std::multiset<std::string>> stateRows(const std::string& path) {
  StateStore store(path);
  std::vector<std::string> tables;
  store.session() << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN "
                     "('runs', 'sqlite_sequence')",
      Poco::Data::Keywords::into(tables), Poco::Data::Keywords::now;
  std::map<std::string, std::multiset<std::string>> rows;
  for (const auto& table : tables) {
    Poco::Data::Statement select(store.session());
    select << "SELECT * FROM " + table;
    select.execute();
    Poco::Data::RecordSet rs(select);
    rows[table];
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
      std::string row;
      for (std::size_t i = 0; i < rs.columnCount(); ++i) {
        row += (rs.value(i).isEmpty() ? std::string("NULL") : rs.value(i).convert<std::string>()) +
               "|";
      }
      rows[table].insert(row);
    }
  }
  return rows;
}

// The rows of `table` in `after` that are not in `before`.
std::vector<std::string> newRows(const std::map<std::string, std::multiset<std::string>>& before,
                                 const std::map<std::string, std::multiset<std::string>>& after,
                                 const std::string& table) {
  std::vector<std::string> rows;
  const auto& old = before.at(table);
  for (const auto& row : after.at(table)) {
    if (old.count(row) == 0) rows.push_back(row);
  }
  return rows;
}

struct Fixture {
  test::TempDir dir;
  SystemClock clock;
  std::unique_ptr<sandbox::Rehearsal> services;
  std::string config;

  Fixture() {
    test::copySamples(dir);
    services = std::make_unique<sandbox::Rehearsal>(Settings::load(dir.file("racesync.ini"), {}),
                                                    clock, 0);
    services->start();
    config = dir.file("racesync.ini");
    test::writeFile(config, test::readFile(config) +
                                "\n[racemap]\nbase_url = " + services->baseUrl() +
                                "\n[raceranger]\nbase_url = " + services->baseUrl() +
                                "\n[mail]\noutbox = outbox\n");
  }

  test::ProcessResult run() {
    return test::runRacesync({"run", "-c", config}, sandbox::Rehearsal::credentials());
  }

  // out/ and the mail outbox beside the configuration.
  std::map<std::string, std::string> files() {
    std::map<std::string, std::string> all;
    listFiles(dir.file("out"), "", all);
    if (Poco::File(dir.file("outbox")).exists()) listFiles(dir.file("outbox"), "outbox/", all);
    return all;
  }

  std::string store() { return dir.file("out/racesync.db"); }

  // The names whose time or size changed, and the new ones.
  std::set<std::string> touched(const std::map<std::string, std::string>& before) {
    std::set<std::string> names;
    for (const auto& [name, stamp] : files()) {
      auto it = before.find(name);
      if (it == before.end() || it->second != stamp) names.insert(name);
    }
    return names;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(rerun_test)

BOOST_AUTO_TEST_CASE(unchanged_rerun_rewrites_nothing_but_the_run_record) {
  Fixture f;
  auto first = f.run();
  BOOST_TEST_REQUIRE(first.exitCode == 0, first.out << first.err);
  const auto filesBefore = f.files();
  const auto rowsBefore = stateRows(f.store());
  BOOST_TEST_REQUIRE(filesBefore.count("report.html") == 1u);
  BOOST_TEST_REQUIRE(filesBefore.count("links.csv") == 1u);

  auto second = f.run();
  BOOST_TEST_REQUIRE(second.exitCode == 0, second.out << second.err);
  BOOST_TEST(second.out.find("nothing to do: no registrant changed") != std::string::npos,
             second.out);
  const std::set<std::string> none;
  BOOST_TEST(f.touched(filesBefore) == none, boost::test_tools::per_element());
  BOOST_TEST(f.files().size() == filesBefore.size());
  const auto rowsAfter = stateRows(f.store());
  for (const auto& [table, rows] : rowsBefore) {
    BOOST_TEST((rowsAfter.at(table) == rows), "table " << table << " was rewritten");
  }
  StateStore store(f.store());
  int runs = 0;
  store.session() << "SELECT count(*) FROM runs", Poco::Data::Keywords::into(runs),
      Poco::Data::Keywords::now;
  BOOST_TEST(runs == 2);
}

BOOST_AUTO_TEST_CASE(one_changed_registrant_touches_only_its_outputs) {
  Fixture f;
  auto first = f.run();
  BOOST_TEST_REQUIRE(first.exitCode == 0, first.out << first.err);
  std::string qrFile;
  {
    StateStore store(f.store());
    store.session() << "SELECT qr_file FROM links WHERE registration_id = 'R10002'",
        Poco::Data::Keywords::into(qrFile), Poco::Data::Keywords::now;
  }
  BOOST_TEST_REQUIRE(!qrFile.empty());
  const auto filesBefore = f.files();
  const auto rowsBefore = stateRows(f.store());

  // Luca de la Cruz becomes Luca de la Cruz-Ortega: a new name in the link, the QR code, the
  // RACEMAP import and RaceRanger.
  std::string csv = test::readFile(f.dir.file("registrations.csv"));
  BOOST_TEST_REQUIRE(csv.find("R10002,3002,Luca,de la Cruz,") != std::string::npos);
  Poco::replaceInPlace(csv, std::string("R10002,3002,Luca,de la Cruz,"),
                       std::string("R10002,3002,Luca,de la Cruz-Ortega,"));
  test::writeFile(f.dir.file("registrations.csv"), csv);

  auto second = f.run();
  BOOST_TEST_REQUIRE(second.exitCode == 0, second.out << second.err);
  const std::set<std::string> touched = f.touched(filesBefore);
  for (const char* needed : {"links.csv", "racemap-import.json", "racemap-import.csv"}) {
    BOOST_TEST(touched.count(needed) == 1u, needed << " was not rewritten");
  }
  BOOST_TEST(touched.count(qrFile) == 1u, qrFile << " was not rewritten");
  for (const auto& name : touched) {
    // Beside those: the report (its index and the 10K race's data) and the registrant's new mail.
    const bool allowed = name == qrFile || name == "links.csv" ||
                         name.rfind("racemap-import.", 0) == 0 || name == "report.html" ||
                         name.rfind("report-data/", 0) == 0 || name.rfind("outbox/", 0) == 0;
    BOOST_TEST(allowed, name << " was rewritten");
  }
  long long reportData = 0, mails = 0;
  for (const auto& name : touched) {
    reportData += name.rfind("report-data/", 0) == 0;
    mails += name.rfind("outbox/", 0) == 0;
  }
  BOOST_TEST(reportData <= 2);  // the 10K race's page data and CSV
  BOOST_TEST(mails == 1);

  const auto rowsAfter = stateRows(f.store());
  for (const char* table : {"registrants", "links", "athletes", "mails"}) {
    const auto changed = newRows(rowsBefore, rowsAfter, table);
    BOOST_TEST(changed.size() == 1u, table << ": " << changed.size() << " rows changed");
    for (const auto& row : changed) {
      BOOST_TEST(row.find("R10002|") != std::string::npos, table << ": " << row);
    }
  }
  for (const char* table : {"keys", "key_requests", "column_mapping", "problems"}) {
    BOOST_TEST(newRows(rowsBefore, rowsAfter, table).empty(), table << " was rewritten");
  }
}

BOOST_AUTO_TEST_SUITE_END()
