// labels.pdf rendered and written: pages, files, problems. Decoding the codes in the pages is
// labels_pdf_decode_test's (heavy).
#include "core/labels/labels_pdf.h"

#include <boost/test/unit_test.hpp>

#include <Poco/File.h>

#include "core/base/errors.h"
#include "core/labels/sheet_format.h"
#include "tests/support/test_support.h"
#include "tests/unit/labels/label_samples.h"

using racesync::LabelData;
using racesync::LabelsOutput;
using racesync::LabelsPdf;
using racesync::LabelStyle;
using racesync::renderLabelsPdf;
using racesync::sheetFormat;
using racesync::writeLabelsPdfs;
namespace test = racesync::test;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(labels_pdf_test)

BOOST_AUTO_TEST_CASE(draws_codes_as_vector_shapes_not_images) {
  const LabelsPdf pdf = renderLabelsPdf(test::sampleLabels(3), sheetFormat("a4-2x7"));
  BOOST_TEST(pdf.bytes.compare(0, 5, "%PDF-") == 0);
  BOOST_TEST(pdf.bytes.find("/Subtype /Image") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(writes_all_races_to_labels_pdf_by_default) {
  test::TempDir dir;
  const LabelsOutput output = writeLabelsPdfs(dir.path(), test::sampleLabels(30),
                                              sheetFormat("a4-3x8"), LabelStyle{}, false);
  BOOST_TEST_REQUIRE(output.files.size() == 1u);
  BOOST_TEST(output.files[0].path == dir.file("labels.pdf"));
  BOOST_TEST(output.files[0].labels == 30);
  BOOST_TEST(output.files[0].pages == 2);
  BOOST_TEST(test::readFile(dir.file("labels.pdf")).compare(0, 5, "%PDF-") == 0);
}

BOOST_AUTO_TEST_CASE(writes_nothing_for_no_labels) {
  test::TempDir dir;
  BOOST_TEST(renderLabelsPdf({}, sheetFormat("a4-3x8")).bytes.empty());
  BOOST_TEST(
      writeLabelsPdfs(dir.path(), {}, sheetFormat("a4-3x8"), LabelStyle{}, false).files.empty());
  BOOST_TEST(!Poco::File(dir.file("labels.pdf")).exists());
}

BOOST_AUTO_TEST_CASE(prints_a_label_without_a_usable_link_and_reports_it) {
  std::vector<LabelData> labels = test::sampleLabels(3);
  labels[0].link.clear();
  labels[1].link = std::string(3000, 'x');
  const LabelsPdf pdf = renderLabelsPdf(labels, sheetFormat("a4-3x8"));
  BOOST_TEST(pdf.labels == 3);
  BOOST_TEST(pdf.problems ==
                 (std::vector<std::string>{
                     "label R1 (bib " + labels[0].bib +
                         "): no link for the QR code: the registrant needs a key first",
                     "label R2 (bib " + labels[1].bib +
                         "): a text of 3000 bytes does not fit in a QR code: shorten it or lower "
                         "print.error_correction"}),
             tt::per_element());
}

BOOST_AUTO_TEST_CASE(reports_a_name_too_long_even_for_the_smallest_type) {
  std::vector<LabelData> labels = test::sampleLabels(1);
  labels[0].bib.clear();
  labels[0].name = std::string(20000, 'W');
  const LabelsPdf pdf = renderLabelsPdf(labels, sheetFormat("a4-3x8"));
  BOOST_TEST(pdf.problems ==
                 (std::vector<std::string>{
                     "label R1: the name does not fit on the label even at 2 pt, so it is left "
                     "out: shorten it, or use larger labels (print.label_width_mm, "
                     "print.label_height_mm)"}),
             tt::per_element());
}

BOOST_AUTO_TEST_CASE(reports_characters_that_no_installed_font_has) {
  std::vector<LabelData> labels = test::sampleLabels(1);
  labels[0].name = "Anna \U0010FFFD";  // private use: no font draws it
  const LabelsPdf pdf = renderLabelsPdf(labels, sheetFormat("a4-3x8"));
  BOOST_TEST(
      pdf.problems == (std::vector<std::string>{"label R1 (bib " + labels[0].bib +
                                                "): 1 character of the name has no installed font: "
                                                "install fonts-noto-core and fonts-noto-cjk "
                                                "(scripts/setup)"}),
      tt::per_element());
}

BOOST_AUTO_TEST_CASE(rejects_a_style_out_of_range_naming_the_key) {
  LabelStyle wideQuietZone;
  wideQuietZone.quietZone = 20;
  BOOST_TEST(test::errorOf<racesync::ConfigurationError>([&] {
               renderLabelsPdf(test::sampleLabels(1), sheetFormat("a4-3x8"), wideQuietZone);
             }) == "print.quiet_zone: 20 is out of range: use 0 to 16");
  LabelStyle tinyText;
  tinyText.minTextPt = 1.5;
  BOOST_TEST(test::errorOf<racesync::ConfigurationError>([&] {
               renderLabelsPdf(test::sampleLabels(1), sheetFormat("a4-3x8"), tinyText);
             }) == "print.min_text_pt: 1.5 is out of range: use 4 to 24");
}

BOOST_AUTO_TEST_SUITE_END()
