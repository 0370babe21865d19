// The "done when" of labels.pdf: every QR code on the rendered pages decodes, rasterised at
// 300 dpi by pdftoppm and read by zbarimg. Heavy: each case is its own CTest test (label heavy).
#include "core/labels/labels_pdf.h"

#include <boost/test/unit_test.hpp>

#include <Poco/File.h>
#include <Poco/Path.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/labels/sheet_format.h"
#include "tests/support/pdf_pages.h"
#include "tests/support/test_support.h"
#include "tests/unit/labels/label_samples.h"

using racesync::LabelData;
using racesync::LabelsOutput;
using racesync::LabelsPdf;
using racesync::LabelStyle;
using racesync::renderLabelsPdf;
using racesync::sheetFormat;
using racesync::sortLabels;
using racesync::writeLabelsPdfs;
namespace test = racesync::test;
namespace tt = boost::test_tools;

namespace {

std::multiset<std::string> linksOf(const std::vector<LabelData>& labels) {
  std::multiset<std::string> links;
  for (const LabelData& label : labels) links.insert(label.link);
  return links;
}

// Rasterises `pdf` at 300 dpi and decodes each page: the texts of the codes, page by page.
std::vector<std::vector<std::string>> decodePages(const std::string& pdf,
                                                  const test::TempDir& dir) {
  std::vector<std::vector<std::string>> pages;
  for (const std::string& png : test::rasterisePdf(pdf, 300, dir.file("page"))) {
    pages.push_back(test::decodeAllQr(png));
  }
  return pages;
}

std::multiset<std::string> allTexts(const std::vector<std::vector<std::string>>& pages) {
  std::multiset<std::string> texts;
  for (const auto& page : pages) texts.insert(page.begin(), page.end());
  return texts;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(labels_pdf_decode_test)

BOOST_AUTO_TEST_CASE(every_qr_code_on_a4_3x8_sheets_decodes_at_300_dpi) {
  test::TempDir dir;
  const std::vector<LabelData> labels = sortLabels(test::sampleLabels(50));
  const LabelsPdf pdf = renderLabelsPdf(labels, sheetFormat("a4-3x8"));
  BOOST_TEST(pdf.pages == 3);
  BOOST_TEST(pdf.labels == 50);
  BOOST_TEST(pdf.problems.empty());
  test::writeFile(dir.file("labels.pdf"), pdf.bytes);

  const auto pages = decodePages(dir.file("labels.pdf"), dir);
  BOOST_TEST_REQUIRE(pages.size() == 3u);
  BOOST_TEST(pages[0].size() == 24u);
  BOOST_TEST(pages[1].size() == 24u);
  BOOST_TEST(pages[2].size() == 2u);
  BOOST_TEST(allTexts(pages) == linksOf(labels), tt::per_element());
}

BOOST_AUTO_TEST_CASE(every_qr_code_on_a_62mm_roll_decodes_at_300_dpi) {
  test::TempDir dir;
  const std::vector<LabelData> labels = sortLabels(test::sampleLabels(50));
  const LabelsPdf pdf = renderLabelsPdf(labels, sheetFormat("roll-62mm"));
  BOOST_TEST(pdf.pages == 50);
  BOOST_TEST(pdf.problems.empty());
  test::writeFile(dir.file("labels.pdf"), pdf.bytes);

  const auto pages = decodePages(dir.file("labels.pdf"), dir);
  BOOST_TEST_REQUIRE(pages.size() == 50u);
  for (size_t i = 0; i < pages.size(); ++i) {
    // One label per page, in the sorted order.
    BOOST_TEST_REQUIRE(pages[i].size() == 1u, "page " << i + 1);
    BOOST_TEST(pages[i][0] == labels[i].link);
  }
}

BOOST_AUTO_TEST_CASE(every_qr_code_on_a_letter_sheet_of_small_labels_decodes_at_300_dpi) {
  // Avery 5160 holds the smallest codes of all formats.
  test::TempDir dir;
  const std::vector<LabelData> labels = sortLabels(test::sampleLabels(30));
  const LabelsPdf pdf = renderLabelsPdf(labels, sheetFormat("letter-3x10"));
  test::writeFile(dir.file("labels.pdf"), pdf.bytes);
  const auto pages = decodePages(dir.file("labels.pdf"), dir);
  BOOST_TEST_REQUIRE(pages.size() == 1u);
  BOOST_TEST(allTexts(pages) == linksOf(labels), tt::per_element());
}

BOOST_AUTO_TEST_CASE(writes_one_pdf_per_race_on_request) {
  test::TempDir dir;
  std::vector<LabelData> labels = test::sampleLabels(9);
  labels[0].race = "10 km";  // already; a second spelling that sanitises alike follows
  labels[3].race = "10_km";
  // The roll: small pages rasterise fast.
  const LabelsOutput output =
      writeLabelsPdfs(dir.path(), labels, sheetFormat("roll-62mm"), LabelStyle{}, true);
  std::vector<std::string> names;
  std::map<std::string, int> counts;
  for (const auto& file : output.files) {
    names.push_back(Poco::Path(file.path).getFileName());
    counts[file.race] = file.labels;
    BOOST_TEST(Poco::File(file.path).exists());
    BOOST_TEST(file.pages == file.labels);
  }
  // Races in natural order (5 before 10); "10_km" sanitises like "10 km" and gets "-2".
  BOOST_TEST(names == (std::vector<std::string>{"labels-5_km.pdf", "labels-10_km.pdf",
                                                "labels-10_km-2.pdf", "labels-Halbmarathon.pdf"}),
             tt::per_element());
  BOOST_TEST(counts["10 km"] == 2);
  BOOST_TEST(counts["10_km"] == 1);
  BOOST_TEST(counts["5 km"] == 3);
  BOOST_TEST(counts["Halbmarathon"] == 3);

  // Each file holds its race's codes and no other.
  for (const auto& file : output.files) {
    std::vector<LabelData> race;
    std::copy_if(labels.begin(), labels.end(), std::back_inserter(race),
                 [&](const LabelData& label) { return label.race == file.race; });
    test::TempDir pages;
    BOOST_TEST(allTexts(decodePages(file.path, pages)) == linksOf(race), tt::per_element());
  }
}

BOOST_AUTO_TEST_SUITE_END()
