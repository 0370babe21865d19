#include "core/import/import_step.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/net/http_transport.h"
#include "core/report/status.h"
#include "core/run/progress.h"
#include "core/store/column_mapping.h"
#include "core/store/state_store.h"
#include "tests/support/test_support.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using racesync::test::TempDir;
using racesync::test::writeFile;

namespace {

// The import makes no HTTP call: any attempt fails the test.
class NoHttp : public racesync::HttpTransport {
 public:
  racesync::HttpResponse send(const racesync::HttpRequest&) override {
    BOOST_FAIL("the import step made an HTTP call");
    return {};
  }
};

// Counts what progress the step reports.
class CountingProgress : public racesync::Progress {
 public:
  void stepStarted(const std::string& step, long long) override { started.push_back(step); }
  void advanced(const std::string&) override { ++advances; }
  void stepFinished(const std::string&, const std::string& summary) override {
    finished.push_back(summary);
  }
  void warning(const std::string& message) override { warnings.push_back(message); }
  std::vector<std::string> started, finished, warnings;
  int advances = 0;
};

struct Run {
  racesync::StepResult result;
  racesync::Plan plan;
};

long long countOf(const racesync::StepResult& result, const std::string& name) {
  for (const auto& [key, value] : result.counts) {
    if (key == name) return value;
  }
  return -1;
}

struct Fixture {
  Fixture() : store(":memory:") {}

  Run run(const std::string& ini, bool dryRun = false) {
    racesync::Settings settings = racesync::Settings::fromString(ini, {}, dir.path());
    NoHttp http;
    racesync::ManualClock clock;
    racesync::RunOptions options;
    options.dryRun = dryRun;
    racesync::RunContext context{settings, store, http, clock, progress, options, 1, {}};
    racesync::ImportStep step;
    Run run;
    run.result = step.run(context);
    run.plan = context.plan;
    return run;
  }

  TempDir dir;
  racesync::StateStore store;
  CountingProgress progress;
};

const char* kConfig =
    "[registrations]\n"
    "files = a.csv, sub/b.csv\n"
    "races = Marathon, 10K\n"
    "skip_when.Status = Cancelled\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(import_step_test)

BOOST_AUTO_TEST_CASE(imports_every_configured_file_and_counts) {
  Fixture f;
  writeFile(f.dir.file("a.csv"),
            "ID,Name,Race,Status\n1,Ann Lee,Marathon,\n2,Bob Ray,10 K,\n3,Cy Day,10K,Cancelled\n");
  writeFile(f.dir.file("sub/b.csv"), "ID;Name;Race\n4;Di Fox;Ultra\n5;;10K\n");
  Run run = f.run(kConfig);
  BOOST_TEST(countOf(run.result, "read") == 4);
  BOOST_TEST(countOf(run.result, "new") == 3);
  BOOST_TEST(countOf(run.result, "skipped") == 1);
  BOOST_TEST(countOf(run.result, "problems") == 2);  // the unknown race, the missing name
  BOOST_TEST(countOf(run.result, "withdrawn") == 0);
  auto status = racesync::readStatus(f.store);
  BOOST_TEST(status.registrants == 3);
  BOOST_TEST(status.problems == 2);
  BOOST_REQUIRE(f.progress.finished.size() == 1u);
  BOOST_TEST(f.progress.finished[0] ==
             "4 rows read: 3 new, 0 updated, 0 unchanged, 0 withdrawn, 1 skipped, 2 problems");
  BOOST_REQUIRE(run.result.notes.size() >= 2u);
  BOOST_TEST(run.result.notes[0] == "a.csv: 2 rows (utf-8, ',' separated)");
  BOOST_TEST(run.result.notes[1] == "sub/b.csv: 2 rows (utf-8, ';' separated)");
}

BOOST_AUTO_TEST_CASE(stores_each_registrants_language_from_a_language_column) {
  Fixture f;
  writeFile(f.dir.file("a.csv"),
            "ID,Name,Race,Sprache\n1,Anna Lehmann,10K,Deutsch\n2,Bob Ray,10K,en-GB\n"
            "3,Cy Day,10K,\n4,Di Fox,10K,Klingon\n");
  f.run("[registrations]\nfiles = a.csv\n");
  std::vector<std::string> languages;
  f.store.session() << "SELECT language FROM registrants ORDER BY id", into(languages), now;
  BOOST_TEST(languages == (std::vector<std::string>{"de", "en", "", ""}));
  // A later export without the column changes the stored language, and nothing else.
  writeFile(f.dir.file("a.csv"),
            "ID,Name,Race\n1,Anna Lehmann,10K\n2,Bob Ray,10K\n3,Cy Day,10K\n4,Di Fox,10K\n");
  Run again = f.run("[registrations]\nfiles = a.csv\n");
  BOOST_TEST(countOf(again.result, "updated") == 2);    // Anna and Bob: their language is gone
  BOOST_TEST(countOf(again.result, "unchanged") == 2);  // Cy and Di never had a known one
}

BOOST_AUTO_TEST_CASE(a_dry_run_reports_the_plan_and_writes_nothing) {
  Fixture f;
  writeFile(f.dir.file("a.csv"), "ID,Name,Race\n1,Ann Lee,Marathon\n2,Bob Ray,10K\n");
  writeFile(f.dir.file("sub/b.csv"), "ID;Name;Race\n");
  Run dry = f.run(kConfig, true);
  BOOST_TEST(countOf(dry.result, "new") == 2);
  BOOST_REQUIRE(dry.plan.actions.size() == 3u);  // the mapping of each file, then the plan
  BOOST_TEST(dry.plan.actions[2].first == "import");
  BOOST_TEST(dry.plan.actions[2].second ==
             "would add 2 registrants: Ann Lee (a.csv:2); Bob Ray (a.csv:3)");
  int rows = -1;
  f.store.session() << "SELECT count(*) FROM registrants", into(rows), now;
  BOOST_TEST(rows == 0);
}

BOOST_AUTO_TEST_CASE(a_missing_file_fails_before_anything_is_written) {
  Fixture f;
  writeFile(f.dir.file("a.csv"), "ID,Name\n1,Ann Lee\n");
  try {
    f.run(kConfig);
    BOOST_FAIL("expected an InputError");
  } catch (const racesync::InputError& e) {
    BOOST_TEST(e.message() == "sub/b.csv: file not found (" + f.dir.path() +
                                  "/sub/b.csv): check registrations.files, relative to the "
                                  "configuration file's folder");
  }
  BOOST_TEST(racesync::readStatus(f.store).registrants == 0);
}

BOOST_AUTO_TEST_CASE(refuses_configuration_it_cannot_use) {
  Fixture f;
  BOOST_CHECK_EXCEPTION(f.run("[registrations]\nfiles =\n"), racesync::ConfigurationError,
                        [](const racesync::ConfigurationError& e) {
                          return e.message() ==
                                 "registrations.files: missing key: list the CSV exports, "
                                 "comma-separated, relative to the configuration file's folder";
                        });
  BOOST_CHECK_EXCEPTION(f.run("[registrations]\nfiles = a.csv\ndate_order = ymd\n"),
                        racesync::ConfigurationError, [](const racesync::ConfigurationError& e) {
                          return e.message() ==
                                 "registrations.date_order: 'ymd' is not a date order: write dmy "
                                 "(03/04/1990 is 3 April) or mdy (4 March)";
                        });
  BOOST_CHECK_EXCEPTION(f.run("[registrations]\nfiles = a.csv\ncolumns.startnummer = Nr\n"),
                        racesync::ConfigurationError, [](const racesync::ConfigurationError& e) {
                          return e.message().find(
                                     "registrations.columns.startnummer: unknown "
                                     "field") == 0;
                        });
}

BOOST_AUTO_TEST_CASE(warns_about_a_skip_rule_that_no_file_can_apply) {
  Fixture f;
  writeFile(f.dir.file("a.csv"), "Name,Status\nAnn,Cancelled\n");
  writeFile(f.dir.file("b.csv"), "Name\nBob\n");
  Run run = f.run(
      "[registrations]\nfiles = a.csv, b.csv\nskip_when.Status = Cancelled\n"
      "skip_when.Payment = Refunded\n");
  BOOST_TEST(countOf(run.result, "skipped") == 1);
  BOOST_REQUIRE(!f.progress.warnings.empty());
  BOOST_TEST(f.progress.warnings[0] ==
             "import: registrations.skip_when.Payment: no file has a column 'Payment': the rule "
             "is not applied");
}

BOOST_AUTO_TEST_CASE(takes_known_races_from_raceranger_races_too) {
  Fixture f;
  writeFile(f.dir.file("a.csv"), "Name,Race\nAnn,Kids Run\nBob,Marathon\n");
  Run run = f.run(
      "[registrations]\nfiles = a.csv\n[raceranger]\nraces.Marathon = race_1\n"
      "races.Half Marathon = race_2\n");
  BOOST_TEST(countOf(run.result, "problems") == 1);
  auto problems = racesync::loadProblems(f.store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].message ==
             "a.csv:2: race 'Kids Run' is not one of the configured races (Half Marathon, "
             "Marathon)");
}

// Finding 1 of issue 13: nothing showed which header was mapped to which field.
BOOST_AUTO_TEST_CASE(the_column_mapping_was_shown_nowhere) {
  Fixture f;
  writeFile(f.dir.file("a.csv"),
            "Nummer;Vorname;Nachname;Mail-Adresse;Shirt\n7;Ann;Lee;ann@example.com;M\n");
  Run dry = f.run("[registrations]\nfiles = a.csv\ndefault_race = 10K\n", true);
  BOOST_REQUIRE(!dry.plan.actions.empty());
  BOOST_TEST(dry.plan.actions[0].second ==
             "a.csv (utf-8, ';' separated): bib <- 'Nummer', first_name <- 'Vorname', last_name "
             "<- 'Nachname', email <- 'Mail-Adresse'; not found: id, name, race, gender, "
             "birth_date, age_group, team, country, language; unused: Shirt; race '10K' for every "
             "row");
  f.run("[registrations]\nfiles = a.csv\ndefault_race = 10K\n");
  auto mapping = racesync::loadColumnMapping(f.store);
  BOOST_REQUIRE(mapping.size() == 14u);  // 13 fields and the unused Shirt
  BOOST_TEST(mapping[5].field == "email");
  BOOST_TEST(mapping[5].header == "Mail-Adresse");
  BOOST_TEST(mapping[13].field == "");
  BOOST_TEST(mapping[13].header == "Shirt");
  std::string race;
  f.store.session() << "SELECT race FROM registrants", into(race), now;
  BOOST_TEST(race == "10K");
}

// Issue 13: "not found" lists the nearest headers at the top of a dry run, in the warning about a
// missing email column and in the notes the report shows.
BOOST_AUTO_TEST_CASE(a_field_not_found_shows_the_nearest_headers_in_dry_run_and_report) {
  Fixture f;
  writeFile(f.dir.file("a.csv"), "ID,Name,Mial,Race\n1,Ann,ann@example.com,10K\n");
  Run dry = f.run("[registrations]\nfiles = a.csv\n", true);
  BOOST_REQUIRE(!dry.plan.actions.empty());
  BOOST_TEST(dry.plan.actions[0].second.find("email (nearest: 'Mial')") != std::string::npos,
             dry.plan.actions[0].second);
  auto has = [](const std::vector<std::string>& lines, const std::string& text) {
    for (const auto& line : lines) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  };
  BOOST_TEST(has(dry.result.notes, "a.csv: email not found; nearest headers: 'Mial'"));
  BOOST_TEST(has(dry.result.alerts,
                 "import: a.csv: no email column among 'ID', 'Name', 'Mial', "
                 "'Race': nobody can be mailed; nearest headers: 'Mial'; name "
                 "it with registrations.columns.email"));
}

// Finding 4 of issue 13: merchandise and donation rows of an order were reported as duplicate
// ids; race values listed in registrations.skip_when are skipped before duplicates are looked for.
BOOST_AUTO_TEST_CASE(race_values_in_skip_when_are_skipped_before_duplicate_detection) {
  Fixture f;
  writeFile(f.dir.file("a.csv"),
            "Order ID,Name,Race\n100,Ann Lee,T-Shirt\n100,Ann Lee,Half Marathon\n"
            "100,Ann Lee,donation\n101,Bob Ray,10K\n");
  Run run = f.run("[registrations]\nfiles = a.csv\nskip_when = T-Shirt, Donation\n");
  BOOST_TEST(countOf(run.result, "new") == 2);
  BOOST_TEST(countOf(run.result, "skipped") == 2);
  BOOST_TEST(countOf(run.result, "problems") == 0);
  std::string race;
  f.store.session() << "SELECT race FROM registrants WHERE id = '100'", into(race), now;
  BOOST_TEST(race == "Half Marathon");
  // Without a race column there is nothing to compare: a warning says so.
  Fixture g;
  writeFile(g.dir.file("b.csv"), "ID,Name\n1,Ann\n");
  g.run("[registrations]\nfiles = b.csv\nskip_when = T-Shirt\n");
  bool warned = false;
  for (const auto& w : g.progress.warnings) {
    warned = warned || w == "import: registrations.skip_when: no file has a race column: the race "
                            "values to skip are not applied";
  }
  BOOST_TEST(warned);
}

// registrations.skip_when (race values) and registrations.skip_when.<header> live side by side.
BOOST_AUTO_TEST_CASE(skip_when_race_values_and_skip_when_header_rules_are_both_read) {
  racesync::Settings settings = racesync::Settings::fromString(
      "[registrations]\nskip_when = T-Shirt, Donation\nskip_when.Status = Refunded\n");
  racesync::CsvSourceOptions options = racesync::csvSourceOptions(settings);
  BOOST_TEST(options.skipRaces == (std::vector<std::string>{"T-Shirt", "Donation"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(options.skipWhen.size() == 1u);
  BOOST_TEST(options.skipWhen.at("Status") == std::vector<std::string>{"Refunded"},
             boost::test_tools::per_element());
}

// Finding 4 of issue 13 on the committed BikeReg-style export: an order's T-shirt, donation and
// licence rows are not registrations, and a family on one order number is two registrants.
BOOST_AUTO_TEST_CASE(bikereg_multi_row_orders_were_reported_as_duplicate_ids) {
  Fixture f;
  writeFile(f.dir.file("bikereg.csv"),
            racesync::test::readFile(racesync::test::exportFixture("bikereg-orders.csv")));
  Run run = f.run(
      "[registrations]\nfiles = bikereg.csv\n"
      "columns.race = Category Entered / Merchandise Ordered\n"
      "skip_when = T-Shirt, Donation, USA Cycling One-Day License\n");
  BOOST_TEST(countOf(run.result, "read") == 3);
  BOOST_TEST(countOf(run.result, "new") == 3);
  BOOST_TEST(countOf(run.result, "skipped") == 3);
  BOOST_TEST(countOf(run.result, "problems") == 0);
  std::vector<std::string> names, races;
  f.store.session() << "SELECT name, race FROM registrants ORDER BY line", into(names), into(races),
      now;
  BOOST_TEST(names == (std::vector<std::string>{"Dana Fox", "Eli Stone", "Fay Stone"}),
             boost::test_tools::per_element());
  BOOST_TEST(races == (std::vector<std::string>{"Men Cat 3", "Women Cat 4", "Junior 15-18"}),
             boost::test_tools::per_element());
}

// Finding 6 of issue 13, through the step: the shrink guard stops the import with exit 65.
BOOST_AUTO_TEST_CASE(a_shrunken_export_stops_the_import_and_changes_nothing) {
  Fixture f;
  writeFile(f.dir.file("a.csv"), "ID,Name\n1,Ann\n2,Bob\n3,Cy\n");
  f.run("[registrations]\nfiles = a.csv\n");
  writeFile(f.dir.file("a.csv"), "ID,Name\n1,Ann\n");
  BOOST_CHECK_EXCEPTION(f.run("[registrations]\nfiles = a.csv\n"), racesync::InputError,
                        [](const racesync::InputError& e) {
                          return e.message().find("a.csv: this import would withdraw 2 of 3") == 0;
                        });
  BOOST_TEST(racesync::readStatus(f.store).withdrawn == 0);
}

BOOST_AUTO_TEST_SUITE_END()
