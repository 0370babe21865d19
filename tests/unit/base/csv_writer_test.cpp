#include "core/base/csv_writer.h"

#include <boost/test/unit_test.hpp>

using racesync::csvCell;
using racesync::csvRow;

BOOST_AUTO_TEST_SUITE(csv_writer_test)

BOOST_AUTO_TEST_CASE(leaves_plain_values_alone) {
  BOOST_TEST(csvCell("Ana López") == "Ana López");
  BOOST_TEST(csvCell("") == "");
}

BOOST_AUTO_TEST_CASE(neutralises_formula_starts) {
  BOOST_TEST(csvCell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  BOOST_TEST(csvCell("+41 79") == "'+41 79");
  BOOST_TEST(csvCell("-5") == "'-5");
  BOOST_TEST(csvCell("@SUM(A1)") == "'@SUM(A1)");
  BOOST_TEST(csvCell("\tx") == "'\tx");
  BOOST_TEST(csvCell("\rx") == "\"'\rx\"");
  BOOST_TEST(csvCell("a=b") == "a=b");
}

BOOST_AUTO_TEST_CASE(quotes_separators_quotes_and_line_breaks) {
  BOOST_TEST(csvCell("Smith, John") == "\"Smith, John\"");
  BOOST_TEST(csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  BOOST_TEST(csvCell("two\nlines") == "\"two\nlines\"");
  BOOST_TEST(csvCell("a;b", ';') == "\"a;b\"");
  BOOST_TEST(csvCell("a,b", ';') == "a,b");
}

BOOST_AUTO_TEST_CASE(joins_a_row_with_crlf) {
  BOOST_TEST(csvRow({"42", "Ana", "=1+1"}) == "42,Ana,'=1+1\r\n");
  BOOST_TEST(csvRow({"1", "x;y"}, ';') == "1;\"x;y\"\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
