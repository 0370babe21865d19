#include "core/import/csv_registration_source.h"

#include <boost/test/unit_test.hpp>

#include <fstream>

#include "core/base/csv_reader.h"
#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::CsvRegistrationSource;
using racesync::CsvSourceOptions;
using racesync::Field;
using racesync::RawRegistration;

namespace {

struct Read {
  std::vector<RawRegistration> rows;
  racesync::SourceReport report;
  racesync::Encoding encoding;
  char delimiter;
  std::vector<std::string> unapplied;
};

Read readAll(const std::string& bytes, const CsvSourceOptions& options = {}) {
  racesync::test::TempDir dir;
  racesync::test::writeFile(dir.file("export.csv"), bytes);
  CsvRegistrationSource source(dir.file("export.csv"), "export.csv", options);
  Read read;
  RawRegistration row;
  while (source.next(row)) read.rows.push_back(row);
  read.report = source.report();
  read.encoding = source.encoding();
  read.delimiter = source.delimiter();
  read.unapplied = source.unappliedSkipRules();
  return read;
}

std::string inputError(const std::string& bytes) {
  try {
    readAll(bytes);
  } catch (const racesync::InputError& e) {
    return e.message();
  }
  return "no error";
}

std::string utf16le(const std::string& ascii, bool bom) {
  std::string bytes = bom ? "\xFF\xFE" : "";
  for (char c : ascii) {
    bytes += c;
    bytes += '\0';
  }
  return bytes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_registration_source_test)

BOOST_AUTO_TEST_CASE(reads_a_windows_1252_semicolon_file_with_german_headers) {
  // "Startnummer;Vorname;Nachname;Geschlecht;Jahrgang;Wettbewerb;Verein" with Umlauts in 1252.
  std::string bytes =
      "Startnummer;Vorname;Nachname;Geschlecht;Jahrgang;Wettbewerb;Verein;Nationalit\xE4t\r\n"
      "12;J\xFCrgen;M\xFCller;M;1971;Halbmarathon;LG W\xFCrzburg;GER\r\n"
      "13;Zo\xEB;Gro\xDF;W;1988;10 km;;AUT\r\n";
  Read read = readAll(bytes);
  BOOST_TEST((read.encoding == racesync::Encoding::kWindows1252));
  BOOST_TEST(read.delimiter == ';');
  BOOST_REQUIRE(read.rows.size() == 2u);
  BOOST_TEST(read.rows[0][Field::kFirstName] == "Jürgen");
  BOOST_TEST(read.rows[0][Field::kLastName] == "Müller");
  BOOST_TEST(read.rows[0][Field::kTeam] == "LG Würzburg");
  BOOST_TEST(read.rows[0][Field::kBirthDate] == "1971");
  BOOST_TEST(read.rows[0][Field::kCountry] == "GER");
  BOOST_TEST(read.rows[1][Field::kFirstName] == "Zoë");
  BOOST_TEST(read.rows[1][Field::kLastName] == "Groß");
  BOOST_TEST(read.rows[1].place == "export.csv:3");
  BOOST_TEST(read.report.format == "windows-1252, ';' separated");
}

BOOST_AUTO_TEST_CASE(reads_a_utf8_bom_comma_file) {
  Read read =
      readAll("\xEF\xBB\xBFRegistration ID,Name,Email\n1001,Łukasz Ångström,l@example.com\n");
  BOOST_TEST((read.encoding == racesync::Encoding::kUtf8));
  BOOST_REQUIRE(read.rows.size() == 1u);
  BOOST_TEST(read.rows[0][Field::kId] == "1001");
  BOOST_TEST(read.rows[0][Field::kName] == "Łukasz Ångström");
}

BOOST_AUTO_TEST_CASE(reads_excel_unicode_text_in_utf16_le_and_be) {
  std::string text = "Bib\tFirst Name\tLast Name\r\n7\tAnna\tO'Brien\r\n";
  Read little = readAll(utf16le(text, true));
  BOOST_TEST((little.encoding == racesync::Encoding::kUtf16Le));
  BOOST_TEST(little.delimiter == '\t');
  BOOST_REQUIRE(little.rows.size() == 1u);
  BOOST_TEST(little.rows[0][Field::kLastName] == "O'Brien");
  std::string big = "\xFE\xFF";
  for (char c : text) {
    big += '\0';
    big += c;
  }
  Read bigRead = readAll(big);
  BOOST_TEST((bigRead.encoding == racesync::Encoding::kUtf16Be));
  BOOST_REQUIRE(bigRead.rows.size() == 1u);
  BOOST_TEST(bigRead.rows[0][Field::kBib] == "7");
}

BOOST_AUTO_TEST_CASE(reads_cr_line_ends_quoted_newlines_trailing_delimiters_and_blank_lines) {
  Read read = readAll(
      "Name,Team,Bib,\r\"Pat \"\"The Rocket\"\" O'Brien\",\"Club\rNorth\",5,\r\r,,,\rAnn,,6,\r");
  BOOST_REQUIRE(read.rows.size() == 2u);
  BOOST_TEST(read.rows[0][Field::kName] == "Pat \"The Rocket\" O'Brien");
  BOOST_TEST(read.rows[0][Field::kTeam] == "Club\nNorth");
  BOOST_TEST(read.rows[1][Field::kName] == "Ann");
  BOOST_TEST(read.rows[1].line == 6);
  BOOST_TEST(read.report.problems.empty());
}

BOOST_AUTO_TEST_CASE(ends_the_data_at_junk_after_a_blank_line_with_a_warning) {
  Read read = readAll(
      "Name,Bib\nAnn,1\nBob,2\n\n<!DOCTYPE html>\n<html><body><p>Thanks, \"user\"</p></body>\n");
  BOOST_TEST(read.rows.size() == 2u);
  BOOST_TEST(read.report.complete);
  BOOST_REQUIRE(!read.report.warnings.empty());
  BOOST_TEST(read.report.warnings.back() ==
             "export.csv:5: the data ends here: the rest of the file is not registrations (an "
             "HTML page?) and is ignored");
}

BOOST_AUTO_TEST_CASE(skips_rows_by_configured_values) {
  CsvSourceOptions options;
  options.skipWhen["Payment Status"] = {"Refunded", "cancelled"};
  options.skipWhen["Missing Column"] = {"x"};
  Read read = readAll("Name,Payment Status\nAnn,Paid\nBob,refunded\nCy,Cancelled\nDi,\n", options);
  BOOST_TEST(read.rows.size() == 2u);
  BOOST_TEST(read.report.skipped == 2);
  BOOST_TEST(read.unapplied == std::vector<std::string>{"Missing Column"},
             boost::test_tools::per_element());
}

// Issue 13: the committed exports (tests/fixtures/exports) read whole: every row, no problem, no
// missing-column warning where the export has the column.
BOOST_AUTO_TEST_CASE(reads_the_committed_real_export_fixtures) {
  const std::vector<std::pair<std::string, long long>> fixtures = {
      {"eventbrite-attendees.csv", 3},
      {"runsignup-participants.csv", 2},
      {"ultrasignup.csv", 2},
      {"bikereg-orders.csv", 6},
      {"raceresult-fields.csv", 2}};
  for (const auto& [name, rows] : fixtures) {
    CsvRegistrationSource source(racesync::test::exportFixture(name), name, {});
    RawRegistration row;
    long long read = 0;
    while (source.next(row)) ++read;
    BOOST_TEST(read == rows, name);
    BOOST_TEST(source.report().problems.empty(), name);
    BOOST_TEST(source.delimiter() == ',', name);
    for (const auto& alert : source.report().alerts) {
      BOOST_TEST(alert.find("no email column") == std::string::npos, alert);
    }
  }
  // RunSignup quotes every value; the values come out without the quotes.
  CsvRegistrationSource runsignup(racesync::test::exportFixture("runsignup-participants.csv"),
                                  "runsignup-participants.csv", {});
  RawRegistration dana;
  BOOST_REQUIRE(runsignup.next(dana));
  BOOST_TEST(dana[Field::kEmail] == "dana@example.com");
  BOOST_TEST(dana[Field::kRace] == "Half Marathon");
}

// Finding 5 of issue 13: the row was reported but imported all the same, with the swallowed file.
BOOST_AUTO_TEST_CASE(a_row_with_an_unclosed_quote_or_shifted_values_was_still_imported) {
  Read read = readAll("Name,Bib\nO'Brien, Pat,7\nCy,10\n\"Ann,8\nBob,9\n");
  BOOST_REQUIRE(read.rows.size() == 1u);
  BOOST_TEST(read.rows[0][Field::kName] == "Cy");
  BOOST_REQUIRE(read.report.problems.size() == 2u);
  BOOST_TEST(read.report.problems[0].message ==
             "export.csv:2: 1 more value than the header has columns: values have shifted, the "
             "row is not imported");
  BOOST_TEST(read.report.problems[0].hint ==
             "quote values that contain the delimiter, or export again");
  BOOST_TEST(read.report.problems[1].code == "unclosed_quote");
  BOOST_TEST(read.report.problems[1].line == 4);
  BOOST_TEST(!read.report.complete);  // nobody is withdrawn on the strength of this file
}

// Finding 7 of issue 13: one line of 10 MB of commas took 539 MB.
BOOST_AUTO_TEST_CASE(a_ten_megabyte_line_of_commas_is_capped_and_not_imported) {
  std::string bytes = "Name,Bib\nAnn,1\nEve" + std::string(10 * 1000 * 1000, ',') + "\nBob,2\n";
  racesync::test::TempDir dir;
  racesync::test::writeFile(dir.file("export.csv"), bytes);
  {
    std::ifstream in(dir.file("export.csv"), std::ios::binary);
    racesync::CsvReader reader(in);
    std::vector<std::string> fields;
    BOOST_REQUIRE(reader.readHeader(fields));
    BOOST_REQUIRE(reader.next(fields));
    BOOST_REQUIRE(reader.next(fields));
    BOOST_TEST(fields.size() == 1024u);  // the values past the cap are read, not kept
    BOOST_TEST(reader.oversized());
  }
  Read read = readAll(bytes);
  BOOST_REQUIRE(read.rows.size() == 2u);
  BOOST_TEST(read.rows[1][Field::kName] == "Bob");
  BOOST_REQUIRE(read.report.problems.size() == 1u);
  BOOST_TEST(read.report.problems[0].code == "oversized_row");
  BOOST_TEST(read.report.problems[0].line == 3);
}

// Finding 7 of issue 13: invalid UTF-8 after a BOM went through to racemap-import.json.
BOOST_AUTO_TEST_CASE(invalid_utf8_after_a_bom_was_passed_through) {
  Read read = readAll("\xEF\xBB\xBFName,Bib\nAnn,1\nJos\xE9 M\xFCller,2\nBob,3\n");
  BOOST_REQUIRE(read.rows.size() == 2u);
  BOOST_TEST(read.rows[1][Field::kName] == "Bob");
  BOOST_REQUIRE(read.report.problems.size() == 1u);
  BOOST_TEST(read.report.problems[0].code == "invalid_utf8");
  BOOST_TEST(read.report.problems[0].line == 3);
  BOOST_TEST(read.report.problems[0].message ==
             "export.csv:3: column 'Name', byte 4: bytes that are not UTF-8: the row is not "
             "imported");
}

// Finding 7 of issue 13: a NUL byte silently cut a name short.
BOOST_AUTO_TEST_CASE(a_nul_byte_truncated_a_name_silently) {
  Read read = readAll(std::string("\xEF\xBB\xBFName,Bib\nAn\0n,1\nBob,2\n", 25));
  BOOST_REQUIRE(read.rows.size() == 1u);
  BOOST_TEST(read.rows[0][Field::kName] == "Bob");
  BOOST_REQUIRE(read.report.problems.size() == 1u);
  BOOST_TEST(read.report.problems[0].code == "nul_byte");
  BOOST_TEST(read.report.problems[0].message ==
             "export.csv:2: column 'Name', byte 3: a NUL byte: the row is not imported");
}

// Finding 7 of issue 13: a file of UTF-8 with a few windows-1252 lines became mojibake silently.
BOOST_AUTO_TEST_CASE(a_mixed_cp1252_and_utf8_file_became_mojibake_without_a_warning) {
  Read read = readAll("Name,Bib\nJos\xC3\xA9,1\nM\xFCller,2\nZo\xC3\xAB,3\n");
  BOOST_TEST((read.encoding == racesync::Encoding::kMixed));
  BOOST_REQUIRE(read.rows.size() == 3u);
  BOOST_TEST(read.rows[0][Field::kName] == "José");
  BOOST_TEST(read.rows[1][Field::kName] == "Müller");
  BOOST_TEST(read.rows[2][Field::kName] == "Zoë");
  BOOST_REQUIRE(read.report.problems.size() == 1u);
  BOOST_TEST(read.report.problems[0].code == "mixed_encoding");
  BOOST_TEST(read.report.problems[0].line == 3);
  BOOST_TEST(read.report.format == "utf-8 mixed with windows-1252, ',' separated");
}

// Finding 8 of issue 13: no race column meant one "no race given" per row.
BOOST_AUTO_TEST_CASE(a_file_without_race_column_had_no_default_race) {
  CsvSourceOptions options;
  options.defaultRace = "10K";
  Read read = readAll("Name,Bib,Email\nAnn,1,a@example.com\n", options);
  BOOST_REQUIRE(read.rows.size() == 1u);
  BOOST_TEST(read.rows[0][Field::kRace] == "10K");
  BOOST_TEST(read.report.warnings.empty());
  Read withRace = readAll("Name,Race\nAnn,\nBob,Marathon\n", options);
  BOOST_TEST(withRace.rows[0][Field::kRace] == "");  // a race column wins
}

// Finding 1 of issue 13: a missing email or bib column was silent.
BOOST_AUTO_TEST_CASE(a_missing_email_or_bib_column_was_silent) {
  Read read = readAll("Name,Kontakt,Laufnummer\nAnn,a@example.com,1\n");
  BOOST_REQUIRE(read.report.warnings.size() == 4u);
  BOOST_TEST(read.report.warnings[0] ==
             "export.csv: 'Laufnummer' looks like bib but was not recognised: set "
             "registrations.columns.bib = Laufnummer");
  BOOST_TEST(read.report.warnings[1] ==
             "export.csv: no email column among 'Name', 'Kontakt', 'Laufnummer': nobody can be "
             "mailed; name it with registrations.columns.email");
  BOOST_TEST(read.report.warnings[2].find("no bib column") != std::string::npos);
  BOOST_TEST(read.report.warnings[3].find("registrations.default_race") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(describes_its_mapping_for_inspect_and_the_dry_run) {
  racesync::test::TempDir dir;
  racesync::test::writeFile(dir.file("export.csv"),
                            "Participant Email;Name;Shirt\na@example.com;Ann;M\n");
  CsvRegistrationSource source(dir.file("export.csv"), "export.csv", {});
  std::vector<std::string> lines = source.mappingLines();
  BOOST_TEST(lines[0] == "export.csv: utf-8, ';' separated");
  BOOST_TEST(lines[5] == "  name <- 'Name'");
  BOOST_TEST(lines[6] == "  email <- 'Participant Email'");
  BOOST_TEST(lines.back() == "  unused: Shirt");
  BOOST_TEST(source.mappingSummary()[0] ==
             "export.csv (utf-8, ';' separated): name <- 'Name', email <- 'Participant Email'; "
             "not found: id, bib, first_name, last_name, race, gender, birth_date, age_group, "
             "team, country, language; unused: Shirt");
}

BOOST_AUTO_TEST_CASE(honours_column_overrides) {
  CsvSourceOptions options;
  options.columns[Field::kBib] = "Chip Label";
  Read read = readAll("Name,Chip Label\nAnn,A-7\n", options);
  BOOST_TEST(read.rows[0][Field::kBib] == "A-7");
}

BOOST_AUTO_TEST_CASE(refuses_a_missing_file) {
  try {
    CsvRegistrationSource source("/nonexistent/export.csv", "export.csv", {});
    BOOST_FAIL("expected an InputError");
  } catch (const racesync::InputError& e) {
    BOOST_TEST(e.message() ==
               "export.csv: file not found (/nonexistent/export.csv): check registrations.files, "
               "relative to the configuration file's folder");
  }
}

BOOST_AUTO_TEST_CASE(refuses_binary_empty_and_headerless_files) {
  BOOST_TEST(inputError(std::string("\x7F"
                                    "ELF\x02\x01\x01\0\0\0",
                                    10)) ==
             "export.csv: not a CSV file: it holds binary data (NUL bytes): export the "
             "registrations as CSV (comma, semicolon or tab separated)");
  BOOST_TEST(inputError("") ==
             "export.csv: the file is empty: export the registrations again, with a header");
  BOOST_TEST(inputError("Lorem ipsum dolor sit amet\nconsectetur\n") ==
             "export.csv:1: not a registration export: no known column in the header ('Lorem "
             "ipsum dolor sit amet'): export as CSV with a header row, or name the columns with "
             "registrations.columns.<field>");
  BOOST_TEST(inputError("Bib;Email\n1;a@example.com\n") ==
             "export.csv:1: no name column in the header ('Bib', 'Email'): name it with "
             "registrations.columns.name (or first_name and last_name)");
}

BOOST_AUTO_TEST_SUITE_END()
