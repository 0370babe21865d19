#include "core/import/import_step.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/net/http_transport.h"
#include "core/report/status.h"
#include "core/run/progress.h"
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
  writeFile(f.dir.file("a.csv"), "ID,Name,Race\n1,Anna Lehmann,10K\n3,Cy Day,10K\n");
  Run again = f.run("[registrations]\nfiles = a.csv\n");
  BOOST_TEST(countOf(again.result, "updated") == 1);    // Anna: her language is gone
  BOOST_TEST(countOf(again.result, "unchanged") == 1);  // Cy never had one
}

BOOST_AUTO_TEST_CASE(a_dry_run_reports_the_plan_and_writes_nothing) {
  Fixture f;
  writeFile(f.dir.file("a.csv"), "ID,Name,Race\n1,Ann Lee,Marathon\n2,Bob Ray,10K\n");
  writeFile(f.dir.file("sub/b.csv"), "ID;Name;Race\n");
  Run dry = f.run(kConfig, true);
  BOOST_TEST(countOf(dry.result, "new") == 2);
  BOOST_REQUIRE(dry.plan.actions.size() == 1u);
  BOOST_TEST(dry.plan.actions[0].first == "import");
  BOOST_TEST(dry.plan.actions[0].second ==
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
  BOOST_TEST(f.progress.warnings ==
                 std::vector<std::string>{"import: registrations.skip_when.Payment: no file has a "
                                          "column 'Payment': the rule is not applied"},
             boost::test_tools::per_element());
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

BOOST_AUTO_TEST_SUITE_END()
