// `racesync run --steps import` with the real binary on a copy of samples/: counts in status, a
// re-import that changes nothing, withdrawals, and the exit status of an unreadable input.
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/test_support.h"

using racesync::test::readFile;
using racesync::test::runRacesync;
using racesync::test::TempDir;
using racesync::test::writeFile;

namespace {

// A copy of the samples in a fresh folder, so that runs write into it, not into the source tree.
struct SampleCopy {
  SampleCopy() {
    for (const char* name : {"racesync.ini", "registrations.csv", "anmeldungen-de.csv"}) {
      writeFile(dir.file(name), readFile(racesync::test::sourceDir() + "/samples/" + name));
    }
  }
  std::string config() const { return dir.file("racesync.ini"); }
  TempDir dir;
};

Poco::JSON::Object::Ptr status(const std::string& config) {
  auto result = runRacesync({"status", "-c", config, "--json"});
  BOOST_REQUIRE_EQUAL(result.exitCode, 0);
  return Poco::JSON::Parser().parse(result.out).extract<Poco::JSON::Object::Ptr>();
}

// The sample export as planted by scripts/make_sample_registrations: 360 rows in
// registrations.csv, of which 6 are refunded or cancelled (skipped), 1 has no name and 1 repeats
// an id (neither imported): 352; plus the 24 rows of anmeldungen-de.csv.
constexpr int kSampleRegistrants = 352 + 24;
// missing name, impossible birth date, malformed email, two people on one bib, repeated id.
constexpr int kSampleProblems = 5;

}  // namespace

BOOST_AUTO_TEST_SUITE(import_test)

BOOST_AUTO_TEST_CASE(imports_the_samples_and_reports_counts_in_status) {
  SampleCopy samples;
  auto run = runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  BOOST_TEST(run.exitCode == 0, run.err);
  BOOST_TEST(run.out.find("378 rows read: 376 new, 0 updated, 0 unchanged, 0 withdrawn, 6 "
                          "skipped, 5 problems") != std::string::npos,
             run.out);
  auto counts = status(samples.config());
  BOOST_TEST(counts->getValue<int>("registrants") == kSampleRegistrants);
  BOOST_TEST(counts->getValue<int>("withdrawn") == 0);
  BOOST_TEST(counts->getValue<int>("problems") == kSampleProblems);
  BOOST_TEST(!counts->isNull("last_run"));
}

BOOST_AUTO_TEST_CASE(a_second_import_of_the_same_export_changes_nothing) {
  SampleCopy samples;
  runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  auto again = runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  BOOST_TEST(again.exitCode == 0, again.err);
  BOOST_TEST(again.out.find("378 rows read: 0 new, 0 updated, 376 unchanged, 0 withdrawn") !=
                 std::string::npos,
             again.out);
}

BOOST_AUTO_TEST_CASE(a_registrant_left_out_of_a_later_export_is_withdrawn) {
  SampleCopy samples;
  runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  // The German export (no id column: ids are derived) with its last two rows gone and the first
  // row's bib changed from 5001 to 6001, which must not change that registrant's id.
  std::string german = readFile(samples.dir.file("anmeldungen-de.csv"));
  std::size_t end = german.size() - 2;
  for (int lines = 0; lines < 2; ++lines) end = german.rfind("\r\n", end - 1);
  german = german.substr(0, end + 2);
  std::size_t firstRow = german.find("\r\n") + 2;
  BOOST_REQUIRE(german.compare(firstRow, 5, "5001;") == 0);
  german.replace(firstRow, 4, "6001");
  writeFile(samples.dir.file("anmeldungen-de.csv"), german);
  auto run = runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  BOOST_TEST(run.exitCode == 0, run.err);
  // 376 rows read; 2 of them are not imported (no name, repeated id) and 1 changed: 373 unchanged.
  BOOST_TEST(run.out.find("376 rows read: 0 new, 1 updated, 373 unchanged, 2 withdrawn") !=
                 std::string::npos,
             run.out);
  auto counts = status(samples.config());
  BOOST_TEST(counts->getValue<int>("registrants") == kSampleRegistrants - 2);
  BOOST_TEST(counts->getValue<int>("withdrawn") == 2);
}

BOOST_AUTO_TEST_CASE(a_dry_run_stores_nothing) {
  SampleCopy samples;
  auto run = runRacesync({"run", "-c", samples.config(), "--steps", "import", "--dry-run"});
  BOOST_TEST(run.exitCode == 0, run.err);
  BOOST_TEST(status(samples.config())->getValue<int>("registrants") == 0);
}

BOOST_AUTO_TEST_CASE(a_missing_export_exits_65_naming_it) {
  SampleCopy samples;
  Poco::File(samples.dir.file("anmeldungen-de.csv")).remove();
  auto run = runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  BOOST_TEST(run.exitCode == 65);
  BOOST_TEST(run.err == "racesync: anmeldungen-de.csv: file not found (" +
                            samples.dir.file("anmeldungen-de.csv") +
                            "): check registrations.files, relative to the configuration file's "
                            "folder\n");
  BOOST_TEST(status(samples.config())->getValue<int>("registrants") == 0);
}

BOOST_AUTO_TEST_CASE(a_binary_export_exits_65_with_the_reason) {
  SampleCopy samples;
  writeFile(samples.dir.file("registrations.csv"), std::string("PK\x03\x04\x14\0\x06\0", 8));
  auto run = runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  BOOST_TEST(run.exitCode == 65);
  BOOST_TEST(run.err ==
             "racesync: registrations.csv: not a CSV file: it is a ZIP archive or an Excel "
             "workbook: export the registrations as CSV (comma, semicolon or tab separated)\n");
}

// Finding 1 of issue 13: nothing showed which header was mapped to which field.
BOOST_AUTO_TEST_CASE(inspect_prints_the_column_mapping_of_each_export) {
  SampleCopy samples;
  auto run = runRacesync({"inspect", "-c", samples.config()});
  BOOST_TEST(run.exitCode == 0, run.err);
  BOOST_TEST(run.out.find("registrations.csv: utf-8, ',' separated, 354 rows (6 skipped)") == 0u,
             run.out);
  BOOST_TEST(run.out.find("  email <- 'Email'\n") != std::string::npos, run.out);
  BOOST_TEST(
      run.out.find("anmeldungen-de.csv: windows-1252, ';' separated, 24 rows") != std::string::npos,
      run.out);
  BOOST_TEST(run.out.find("  last_name <- 'Name'\n") != std::string::npos, run.out);
  BOOST_TEST(run.out.find("  id: not found\n") != std::string::npos, run.out);
  BOOST_TEST(status(samples.config())->getValue<int>("registrants") == 0);  // changes nothing
  auto dry = runRacesync({"run", "-c", samples.config(), "--steps", "import", "--dry-run"});
  BOOST_TEST(dry.out.find("    registrations.csv (utf-8, ',' separated): id <- 'Registration "
                          "ID', bib <- 'Bib'") != std::string::npos,
             dry.out);
}

// Issue 13: a field "not found" lists the nearest headers in inspect, the dry run and the report.
BOOST_AUTO_TEST_CASE(inspect_dry_run_and_report_list_the_nearest_headers_of_a_field_not_found) {
  TempDir dir;
  writeFile(dir.file("export.csv"),
            "ID,Name,E-Mial,Strt Nr,Race\n1,Ann Lee,ann@example.com,7,10K\n");
  writeFile(dir.file("race.ini"),
            "[registrations]\nfiles = export.csv\n[out]\ndir = out\n[state]\nevent = t\n");
  auto inspect = runRacesync({"inspect", "-c", dir.file("race.ini")});
  BOOST_TEST(inspect.exitCode == 0, inspect.err);
  BOOST_TEST(
      inspect.out.find("  email: not found; nearest headers: 'E-Mial'\n") != std::string::npos,
      inspect.out);
  BOOST_TEST(
      inspect.out.find("  bib: not found; nearest headers: 'Strt Nr'\n") != std::string::npos,
      inspect.out);
  auto dry = runRacesync({"run", "-c", dir.file("race.ini"), "--steps", "import", "--dry-run"});
  BOOST_TEST(dry.out.find("email (nearest: 'E-Mial')") != std::string::npos, dry.out);
  auto run = runRacesync({"run", "-c", dir.file("race.ini"), "--steps", "import"});
  BOOST_TEST(run.exitCode == 0, run.err);
  std::string report = readFile(dir.file("out/report.html"));
  BOOST_TEST(report.find("export.csv: bib not found; nearest headers: &#39;Strt Nr&#39;") !=
                 std::string::npos,
             report.substr(0, 0));
}

// Finding 1 of issue 13: with no email column the run exited 0, "0 problems", and mailed nobody.
BOOST_AUTO_TEST_CASE(a_missing_email_column_is_a_warning_even_with_quiet) {
  TempDir dir;
  writeFile(dir.file("export.csv"), "Nummer;Name;Kontakt\n7;Ann Lee;ann@example.com\n");
  writeFile(dir.file("race.ini"),
            "[registrations]\nfiles = export.csv\ndefault_race = 10K\n[out]\ndir = out\n"
            "[state]\nevent = t\n");
  auto run = runRacesync({"run", "-c", dir.file("race.ini"), "--steps", "import", "-q"});
  BOOST_TEST(run.exitCode == 0, run.err);
  BOOST_TEST(run.err ==
                 "racesync: warning: import: export.csv: no email column among 'Nummer', "
                 "'Name', 'Kontakt': nobody can be mailed; name it with "
                 "registrations.columns.email\n",
             run.err);
}

// Finding 6 of issue 13: a header-only export withdrew everyone in it, silently.
BOOST_AUTO_TEST_CASE(a_header_only_export_exits_65_and_withdraws_nobody) {
  SampleCopy samples;
  runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  std::string german = readFile(samples.dir.file("anmeldungen-de.csv"));
  writeFile(samples.dir.file("anmeldungen-de.csv"), german.substr(0, german.find("\r\n") + 2));
  auto run = runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  BOOST_TEST(run.exitCode == 65, run.err);
  BOOST_TEST(run.err.find("anmeldungen-de.csv: the file has no registrations, but 24 active "
                          "registrants came from it last time") != std::string::npos,
             run.err);
  BOOST_TEST(status(samples.config())->getValue<int>("withdrawn") == 0);
  BOOST_TEST(run.err.find("run once with --allow-shrink") != std::string::npos, run.err);
  // The override the message names lets this one run withdraw them.
  auto allowed =
      runRacesync({"run", "-c", samples.config(), "--steps", "import", "--allow-shrink"});
  BOOST_TEST(allowed.exitCode == 0, allowed.err);
  BOOST_TEST(status(samples.config())->getValue<int>("withdrawn") == 24);
}

// The shrink guard names the file and --allow-shrink, which `run --help` documents.
BOOST_AUTO_TEST_CASE(a_shrunken_export_names_the_file_and_the_allow_shrink_flag) {
  SampleCopy samples;
  runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  std::string csv = readFile(samples.dir.file("registrations.csv"));
  std::size_t cut = 0;
  for (int line = 0; line < 200; ++line) cut = csv.find('\n', cut) + 1;
  writeFile(samples.dir.file("registrations.csv"), csv.substr(0, cut));
  auto run = runRacesync({"run", "-c", samples.config(), "--steps", "import"});
  BOOST_TEST(run.exitCode == 65, run.err);
  BOOST_TEST(run.err.find("registrations.csv, anmeldungen-de.csv: this import would withdraw") !=
                 std::string::npos,
             run.err);
  BOOST_TEST(run.err.find("run once with --allow-shrink") != std::string::npos, run.err);
  BOOST_TEST(status(samples.config())->getValue<int>("withdrawn") == 0);
  auto allowed =
      runRacesync({"run", "-c", samples.config(), "--steps", "import", "--allow-shrink"});
  BOOST_TEST(allowed.exitCode == 0, allowed.err);
  BOOST_TEST(status(samples.config())->getValue<int>("withdrawn") > 100);
  BOOST_TEST(runRacesync({"run", "--help"}).out.find("--allow-shrink") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
