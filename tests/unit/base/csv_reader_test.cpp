#include "core/base/csv_reader.h"

#include <boost/test/unit_test.hpp>

#include <sstream>

using racesync::CsvReader;
using Fields = std::vector<std::string>;

namespace {

// Every record of `text` after the header, each with the line it starts on.
std::vector<std::pair<int, Fields>> records(const std::string& text, char* delimiter = nullptr) {
  std::istringstream in(text);
  CsvReader reader(in);
  Fields fields;
  std::vector<std::pair<int, Fields>> result;
  if (!reader.readHeader(fields)) return result;
  result.emplace_back(reader.line(), fields);
  if (delimiter) *delimiter = reader.delimiter();
  while (reader.next(fields)) result.emplace_back(reader.line(), fields);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_reader_test)

BOOST_AUTO_TEST_CASE(sniffs_comma_semicolon_and_tab_from_the_header) {
  char delimiter = 0;
  records("Name,Bib\nA,1\n", &delimiter);
  BOOST_TEST(delimiter == ',');
  records("Name;Ort, Land;Bib\nA;B;1\n", &delimiter);
  BOOST_TEST(delimiter == ';');
  records("Name\tBib\nA\t1\n", &delimiter);
  BOOST_TEST(delimiter == '\t');
  records("\"Last, First\";Bib\n", &delimiter);
  BOOST_TEST(delimiter == ';');
}

BOOST_AUTO_TEST_CASE(takes_the_delimiter_from_an_excel_sep_line) {
  char delimiter = 0;
  auto rows = records("sep=,\r\nName;Team,Bib\r\nA;B,1\r\n", &delimiter);
  BOOST_TEST(delimiter == ',');
  BOOST_TEST(rows[0].first == 2);
  BOOST_TEST(rows[0].second == (Fields{"Name;Team", "Bib"}), boost::test_tools::per_element());
  BOOST_TEST(rows[1].second == (Fields{"A;B", "1"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reads_quoted_delimiters_doubled_quotes_and_line_breaks) {
  auto rows = records("Name,Note\r\n\"O'Brien, Pat\",\"said \"\"hi\"\"\r\nand left\"\r\nB,x\r\n");
  BOOST_TEST(rows.size() == 3u);
  BOOST_TEST(rows[1].second == (Fields{"O'Brien, Pat", "said \"hi\"\nand left"}),
             boost::test_tools::per_element());
  BOOST_TEST(rows[1].first == 2);
  BOOST_TEST(rows[2].first == 4);  // the quoted line break counts as a line
  BOOST_TEST(rows[2].second == (Fields{"B", "x"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ends_lines_at_cr_lf_or_crlf) {
  for (const char* text : {"A,B\rx,1\ry,2\r", "A,B\nx,1\ny,2\n", "A,B\r\nx,1\r\ny,2"}) {
    auto rows = records(text);
    BOOST_TEST(rows.size() == 3u, "line ends of " << text);
    BOOST_TEST(rows[2].first == 3);
    BOOST_TEST(rows[2].second == (Fields{"y", "2"}), boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(keeps_trailing_delimiters_as_empty_values) {
  auto rows = records("A;B;\nx;1;\n");
  BOOST_TEST(rows[1].second == (Fields{"x", "1", ""}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(returns_blank_lines_as_records_without_fields_and_counts_them) {
  auto rows = records("\n\nA,B\nx,1\n\ny,2\n");
  BOOST_TEST(rows[0].first == 3);  // blank lines before the header are skipped
  BOOST_TEST(rows[1].first == 4);
  BOOST_TEST(rows[2].second.empty());
  BOOST_TEST(rows[3].first == 6);
  BOOST_TEST(rows[3].second == (Fields{"y", "2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(keeps_text_after_a_closing_quote_as_spreadsheets_do) {
  auto rows = records("A,B\n\"x\"y,1\n");
  BOOST_TEST(rows[1].second == (Fields{"xy", "1"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reports_a_quote_that_is_never_closed) {
  std::istringstream in("A,B\n\"x,1\ny,2\n");
  CsvReader reader(in);
  Fields fields;
  reader.readHeader(fields);
  BOOST_TEST(reader.next(fields));
  BOOST_TEST(reader.unclosedQuote());
  BOOST_TEST(fields[0] == "x,1\ny,2\n");
  BOOST_TEST(!reader.next(fields));
}

BOOST_AUTO_TEST_CASE(keeps_no_more_than_a_mebibyte_of_a_runaway_value) {
  std::istringstream in("A,B\n\"" + std::string(3 << 20, 'x') + "\n");
  CsvReader reader(in);
  Fields fields;
  reader.readHeader(fields);
  BOOST_TEST(reader.next(fields));
  BOOST_TEST(reader.unclosedQuote());
  BOOST_TEST(fields[0].size() == std::size_t(1) << 20);
}

BOOST_AUTO_TEST_CASE(has_no_header_in_an_empty_or_blank_stream) {
  BOOST_TEST(records("").empty());
  BOOST_TEST(records("\r\n \r\n;;;\r\n").empty());
}

BOOST_AUTO_TEST_SUITE_END()
