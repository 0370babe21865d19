#include "core/links/qr_file_namer.h"

#include <boost/test/unit_test.hpp>

using racesync::QrFileNamer;
using racesync::sanitizeFileStem;

BOOST_AUTO_TEST_SUITE(qr_file_namer_test)

BOOST_AUTO_TEST_CASE(keeps_only_letters_digits_underscore_and_dash) {
  BOOST_TEST(sanitizeFileStem("A-12_b") == "A-12_b");
  BOOST_TEST(sanitizeFileStem("12/3 x") == "12_3_x");
  BOOST_TEST(sanitizeFileStem("../etc/passwd") == "___etc_passwd");
  BOOST_TEST(sanitizeFileStem("Zoë") == "Zo_");
  BOOST_TEST(sanitizeFileStem("李小龙") == "___");
  BOOST_TEST(sanitizeFileStem("") == "registrant");
  BOOST_TEST(sanitizeFileStem(std::string(200, 'a')).size() == 80u);
}

BOOST_AUTO_TEST_CASE(names_from_the_bib_or_else_the_id) {
  QrFileNamer namer;
  BOOST_TEST(namer.allocate("R-1", "42") == "qr/42.png");
  BOOST_TEST(namer.allocate("R-2", "") == "qr/R-2.png");
  BOOST_TEST(namer.allocate("R-3", " 7 ") == "qr/7.png");
}

BOOST_AUTO_TEST_CASE(stays_unique_when_bibs_sanitise_alike) {
  QrFileNamer namer;
  BOOST_TEST(namer.allocate("R-1", "1/2") == "qr/1_2.png");
  BOOST_TEST(namer.allocate("R-2", "1_2") == "qr/1_2_R-2.png");
  BOOST_TEST(namer.allocate("R/2", "1 2") == "qr/1_2_R_2.png");
  BOOST_TEST(namer.allocate("R 2", "1?2") == "qr/1_2_R_2-2.png");
}

BOOST_AUTO_TEST_CASE(treats_names_differing_in_case_as_the_same) {
  QrFileNamer namer;
  BOOST_TEST(namer.allocate("R-1", "A7") == "qr/A7.png");
  BOOST_TEST(namer.allocate("R-2", "a7") == "qr/a7_R-2.png");
}

BOOST_AUTO_TEST_CASE(keeps_a_stored_name_that_still_fits) {
  BOOST_TEST(QrFileNamer::fits("qr/1_2.png", "R-1", "1/2"));
  BOOST_TEST(QrFileNamer::fits("qr/1_2_R-2.png", "R-2", "1_2"));
  BOOST_TEST(QrFileNamer::fits("qr/1_2_R-2-3.png", "R-2", "1_2"));
  BOOST_TEST(!QrFileNamer::fits("qr/1_2.png", "R-1", "13"));  // the bib changed
  // A later registrant whose bib collides gets the suffix; the earlier one keeps its file.
  QrFileNamer namer;
  namer.reserve("qr/1_2.png");
  BOOST_TEST(namer.allocate("R-9", "1.2") == "qr/1_2_R-9.png");
}

BOOST_AUTO_TEST_SUITE_END()
