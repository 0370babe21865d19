// `racesync labels` on the state the demo leaves: every label's QR code decodes (zbarimg, 300 dpi)
// to a registrant's link, and --since-last-print prints only what changed.
#include <Poco/Data/Session.h>
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "core/labels/sheet_format.h"
#include "core/store/state_store.h"
#include "tests/support/pdf_pages.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::now;

namespace {

// The demo's outputs in `dir`/demo and a configuration that points at them.
std::string demoState(const test::TempDir& dir, const std::string& extra = "") {
  auto demo = test::runRacesync({"demo", "--seed", "16", "--out", dir.file("demo")});
  BOOST_TEST_REQUIRE(demo.exitCode == 0, demo.out << demo.err);
  // state.event: the demo's state's name on PostgreSQL (unused on SQLite).
  test::writeFile(dir.file("race.ini"), "[out]\ndir = demo\n[state]\nevent = demo\n" + extra);
  test::useDemoState(dir.file("race.ini"), dir.file("demo/racesync.db"));
  return dir.file("race.ini");
}

// Registration id -> link, from links.csv (the demo wrote one row per active registrant; links are
// percent-encoded, so they hold no comma).
std::map<std::string, std::string> linksOf(const std::string& csv) {
  std::map<std::string, std::string> links;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    auto at = line.find("https://racemap.app/redeem_key?");
    if (at != std::string::npos) {
      links[line.substr(0, line.find(','))] = line.substr(at, line.find(',', at) - at);
    }
  }
  return links;
}

// The registration ids in print order, from `labels --dry-run`.
std::vector<std::string> printOrder(const std::string& config) {
  auto dry = test::runRacesync({"labels", "-c", config, "--dry-run"});
  BOOST_TEST_REQUIRE(dry.exitCode == 0, dry.err);
  std::vector<std::string> ids;
  std::istringstream lines(dry.out);
  std::string line;
  while (std::getline(lines, line)) {
    auto at = line.rfind("(registration ");
    if (at != std::string::npos) ids.push_back(line.substr(at + 14, line.size() - at - 15));
  }
  return ids;
}

// What zbarimg reads from one label alone: page `page` of `pdf` at 300 dpi, cut to `box` (mm).
std::vector<std::string> decodeLabel(const std::string& pdf, int page, const Box& box,
                                     const std::string& prefix) {
  auto px = [](double mm) { return std::to_string(static_cast<int>(mm / 25.4 * 300 + 0.5)); };
  auto crop = test::runProcess(
      "/usr/bin/pdftoppm",
      {"-r", "300", "-png", "-singlefile", "-f", std::to_string(page), "-l", std::to_string(page),
       "-x", px(box.x), "-y", px(box.y), "-W", px(box.width), "-H", px(box.height), pdf, prefix});
  BOOST_TEST_REQUIRE(crop.exitCode == 0, crop.err);
  return test::decodeAllQr(prefix + ".png");
}

std::vector<std::string> decodeEveryPage(const std::string& pdf, const std::string& prefix) {
  std::vector<std::string> decoded;
  for (const std::string& page : test::rasterisePdf(pdf, 300, prefix)) {
    for (const std::string& text : test::decodeAllQr(page)) decoded.push_back(text);
  }
  return decoded;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(labels_test)

BOOST_AUTO_TEST_CASE(every_label_of_the_demo_decodes_to_its_registrants_link) {
  test::TempDir dir;
  std::string config = demoState(dir);
  auto result = test::runRacesync({"labels", "-c", config});
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out << result.err);
  const std::string pdf = dir.file("demo/labels.pdf");
  BOOST_TEST(result.out.find("labels: 376 labels on 16 pages: " + pdf + "\n") == 0u, result.out);
  BOOST_TEST(result.out.find("376 new, 0 changed, 0 unchanged since the last print") !=
             std::string::npos);

  // Every page decoded whole; zbarimg overlooks a few codes among 24 on a page, so each label it
  // did not read is decoded again on its own, where it sits in the print order.
  std::map<std::string, std::string> links = linksOf(test::readFile(dir.file("demo/links.csv")));
  std::vector<std::string> order = printOrder(config);
  BOOST_TEST_REQUIRE(order.size() == 376u);
  std::vector<std::vector<std::string>> pages;
  for (const std::string& page : test::rasterisePdf(pdf, 300, dir.file("page"))) {
    pages.push_back(test::decodeAllQr(page));
  }
  BOOST_TEST_REQUIRE(pages.size() == 16u);
  const std::vector<Box> slots = labelBoxes(sheetFormat("a4-3x8"));
  int onTheirOwn = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::string& link = links.at(order[i]);
    const std::vector<std::string>& page = pages[i / slots.size()];
    if (std::find(page.begin(), page.end(), link) != page.end()) continue;
    ++onTheirOwn;
    auto alone = decodeLabel(pdf, static_cast<int>(i / slots.size()) + 1, slots[i % slots.size()],
                             dir.file("label-" + std::to_string(i)));
    BOOST_TEST(alone == std::vector<std::string>{link}, "label " << i << " of " << order[i]);
  }
  BOOST_TEST(onTheirOwn < 20, onTheirOwn << " labels decoded only on their own");
}

BOOST_AUTO_TEST_CASE(since_last_print_prints_only_new_and_changed_labels) {
  test::TempDir dir;
  std::string config = demoState(dir, "[print]\nformat = roll-62mm\n");
  auto first = test::runRacesync({"labels", "-c", config, "--per-race"});
  BOOST_TEST_REQUIRE(first.exitCode == 0, first.out << first.err);
  BOOST_TEST(Poco::File(dir.file("demo/labels-10K.pdf")).exists(), first.out);

  auto nothing = test::runRacesync({"labels", "-c", config, "--since-last-print"});
  BOOST_TEST_REQUIRE(nothing.exitCode == 0, nothing.err);
  BOOST_TEST(nothing.out ==
             "labels: nothing new or changed since the last print: no PDF written\n");

  {  // The race office gives bib 3001 another number.
    test::openTestStore(config)->execute("UPDATE registrants SET bib = '9001' WHERE bib = '3001'");
  }
  auto dry = test::runRacesync({"labels", "-c", config, "--since-last-print", "--dry-run"});
  BOOST_TEST(dry.out.find("would print changed label: 10K, bib 9001, ") == 0u, dry.out);
  BOOST_TEST(dry.out.find("\n1 label to print (0 new, 1 changed, 375 unchanged left out)") !=
                 std::string::npos,
             dry.out);
  auto changed = test::runRacesync({"labels", "-c", config, "--since-last-print"});
  BOOST_TEST_REQUIRE(changed.exitCode == 0, changed.err);
  BOOST_TEST(changed.out.find("labels: 1 label on 1 page: " + dir.file("demo/labels.pdf")) == 0u,
             changed.out);
  std::vector<std::string> decoded = decodeEveryPage(dir.file("demo/labels.pdf"), dir.file("p"));
  BOOST_TEST_REQUIRE(decoded.size() == 1u);
  BOOST_TEST(decoded[0].find("https://racemap.app/redeem_key?key=") == 0u);
}

BOOST_AUTO_TEST_CASE(without_a_state_store_exits_65_naming_it) {
  if (test::onPostgres()) {  // a PostgreSQL event's store is there once the database is
    BOOST_TEST_MESSAGE("an SQLite state file that is not there: none such on PostgreSQL");
    return;
  }
  test::TempDir dir;
  test::writeFile(dir.file("race.ini"), "[out]\ndir = out\n");
  auto result = test::runRacesync({"labels", "-c", dir.file("race.ini")});
  BOOST_TEST(result.exitCode == 65);
  BOOST_TEST(result.err.find("out/racesync.db: no state store yet: run 'racesync run -c ") !=
                 std::string::npos,
             result.err);
}

BOOST_AUTO_TEST_SUITE_END()
