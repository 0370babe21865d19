// report.html in a real browser: headless Chromium opens the demo's report from file://, the page
// loads the race files it needs, and its search and filters show the right rows. The page keeps
// its filters in the address's #fragment, so each case opens it with one and reads the DOM.
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include <memory>
#include <regex>

#include <sstream>
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

const std::string kChromium = "/usr/bin/chromium";

// One demo for all cases: it takes a few seconds.
struct Demo {
  test::TempDir dir;
  std::string out = dir.file("demo");
  std::vector<std::vector<std::string>> links;  // links.csv without its header

  Demo() {
    auto result = test::runRacesync({"demo", "--out", out});
    if (result.exitCode != 0) throw std::runtime_error("demo failed: " + result.err);
    std::istringstream csv(test::readFile(out + "/links.csv"));
    std::string line;
    std::getline(csv, line);
    while (std::getline(csv, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) links.push_back(split(line));
    }
  }
  // links.csv of the demo has no quoted commas in the columns the tests read (see below).
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += c;
      }
    }
    cells.push_back(cell);
    return cells;
  }
};

Demo& demo() {
  static std::unique_ptr<Demo> instance;
  if (!instance) instance = std::make_unique<Demo>();
  return *instance;
}

struct Page {
  std::string shown;  // "12 of 376 registrants shown"
  std::vector<std::string> rows;
};

// The report with `fragment`, after its scripts ran (virtual time: no waiting on the clock).
Page open(const std::string& fragment) {
  test::TempDir profile;
  auto dom = test::runProcess(
      kChromium, {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--user-data-dir=" + profile.path(), "--virtual-time-budget=10000", "--dump-dom",
                  "file://" + demo().out + "/report.html#" + fragment});
  BOOST_TEST_REQUIRE(dom.exitCode == 0, dom.err);
  Page page;
  std::smatch match;
  if (std::regex_search(dom.out, match, std::regex("<p id=\"shown\">([^<]*)</p>"))) {
    page.shown = match[1];
  }
  std::size_t body = dom.out.find("<tbody id=\"rows\"");
  std::size_t end = dom.out.find("</tbody>", body);
  BOOST_TEST_REQUIRE(body != std::string::npos);
  std::string rows = dom.out.substr(body, end - body);
  for (std::size_t at = rows.find("<tr"); at != std::string::npos; at = rows.find("<tr", at + 1)) {
    page.rows.push_back(rows.substr(at, rows.find("</tr>", at) - at));
  }
  return page;
}

bool haveChromium() {
  if (Poco::File(kChromium).exists()) return true;
  BOOST_TEST_MESSAGE("skipped: " << kChromium << " is not installed (scripts/setup installs it)");
  return false;
}

std::string shown(std::size_t count) {
  return std::to_string(count) + " of " + std::to_string(demo().links.size()) +
         " registrants shown";
}

// links.csv columns: registration_id,bib,first_name,last_name,email,race,key,link,qr_file,status
enum Column { kId, kBib, kFirst, kLast, kEmail, kRace, kKey, kLink, kQr, kStatus };

}  // namespace

BOOST_AUTO_TEST_SUITE(report_browser_test)

BOOST_AUTO_TEST_CASE(search_folds_accents_and_case) {
  if (!haveChromium()) return;
  // "LUKASZ" finds Łukasz (and the family members who share his address, lukasz.*@...).
  std::size_t expected = 0;
  for (const auto& row : demo().links) {
    std::string all = row[kFirst] + " " + row[kLast] + " " + row[kEmail];
    if (all.find("Łukasz") != std::string::npos || all.find("lukasz") != std::string::npos) {
      ++expected;
    }
  }
  BOOST_TEST_REQUIRE(expected > 0u);
  Page page = open("q=LUKASZ");
  BOOST_TEST(page.shown == shown(expected));
  BOOST_TEST(page.rows.size() == expected);
  for (const auto& row : page.rows) {
    BOOST_TEST((row.find("Łukasz") != std::string::npos || row.find("lukasz") != std::string::npos),
               row);
  }
}

BOOST_AUTO_TEST_CASE(search_finds_by_registration_id_and_shows_the_email) {
  if (!haveChromium()) return;
  const auto& someone = demo().links.at(5);
  Page page = open("q=" + someone[kId]);
  BOOST_TEST_REQUIRE(page.rows.size() >= 1u);
  BOOST_TEST(page.rows[0].find(someone[kId]) != std::string::npos);
  BOOST_TEST(page.rows[0].find(someone[kEmail]) != std::string::npos);
  BOOST_TEST(page.rows[0].find(someone[kKey]) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(race_and_no_bib_filters_show_exactly_those_rows) {
  if (!haveChromium()) return;
  // Races are numbered in name order: 10K, Half Marathon, Kids Run, Marathon.
  std::size_t expected = 0;
  for (const auto& row : demo().links) {
    if (row[kRace] == "Half Marathon" && row[kBib].empty()) ++expected;
  }
  BOOST_TEST_REQUIRE(expected > 0u);
  Page page = open("race=1&nobib");
  std::size_t inRace = 0;
  for (const auto& row : demo().links) inRace += row[kRace] == "Half Marathon" ? 1 : 0;
  BOOST_TEST(page.shown ==
             std::to_string(expected) + " of " + std::to_string(inRace) + " registrants shown");
  for (const auto& row : page.rows) {
    BOOST_TEST(row.find("<td class=\"bib\"></td>") != std::string::npos, row);
    BOOST_TEST(row.find("Half Marathon") != std::string::npos, row);
  }
}

BOOST_AUTO_TEST_CASE(no_email_and_failed_mail_filters) {
  if (!haveChromium()) return;
  std::size_t noEmail = 0;
  for (const auto& row : demo().links) noEmail += row[kEmail].empty() ? 1 : 0;
  Page page = open("noemail");
  BOOST_TEST(page.shown == shown(noEmail));
  // The demo writes every mail to its outbox: none failed.
  BOOST_TEST(open("failedmail").shown == shown(0));
}

BOOST_AUTO_TEST_CASE(without_a_filter_the_page_lists_nobody_until_asked) {
  if (!haveChromium()) return;
  Page page = open("");
  BOOST_TEST(page.rows.empty());
  BOOST_TEST(page.shown.find("Type a name") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
