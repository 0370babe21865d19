// README.md's configuration table and the declared table of keys say the same: every key, its
// default and its help, so neither can drift from the other.
#include <boost/test/unit_test.hpp>

#include <Poco/String.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/config/config_keys.h"
#include "tests/support/test_support.h"

using racesync::ConfigKey;
using racesync::configKeys;
using racesync::documentedDefault;

namespace {

struct ReadmeRow {
  std::string defaultText;
  std::string meaning;
};

std::vector<std::string> cellsOf(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream stream(line);
  std::string cell;
  std::getline(stream, cell, '|');  // before the first bar
  while (std::getline(stream, cell, '|')) cells.push_back(Poco::trim(cell));
  if (!cells.empty() && cells.back().empty()) cells.pop_back();  // after the last bar
  return cells;
}

// The `| key | default | meaning |` rows of README.md's configuration table, by key.
std::map<std::string, ReadmeRow> readmeRows() {
  std::ifstream readme(racesync::test::sourceDir() + "/README.md");
  BOOST_REQUIRE(readme.good());
  std::string line;
  while (std::getline(readme, line) && line != "| key | default | meaning |") {
  }
  BOOST_REQUIRE_MESSAGE(readme.good(), "README.md has no '| key | default | meaning |' table");
  std::getline(readme, line);  // |---|---|---|
  std::map<std::string, ReadmeRow> rows;
  while (std::getline(readme, line) && !line.empty() && line[0] == '|') {
    std::vector<std::string> cells = cellsOf(line);
    BOOST_REQUIRE_MESSAGE(cells.size() == 3u, "not three cells: " << line);
    const std::string& key = cells[0];
    BOOST_REQUIRE_MESSAGE(key.size() > 2 && key.front() == '`' && key.back() == '`' &&
                              key.find_first_of("`,", 1) == key.size() - 1,
                          "one key in backticks per row: " << line);
    std::string name = key.substr(1, key.size() - 2);
    BOOST_TEST(rows.count(name) == 0u, name << " is documented twice");
    rows[name] = ReadmeRow{cells[1], cells[2]};
  }
  return rows;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_keys_readme_test)

BOOST_AUTO_TEST_CASE(reads_the_readme_table) {
  auto rows = readmeRows();
  BOOST_TEST(rows.size() > 40u);
  BOOST_TEST(rows.at("out.dir").defaultText == "`out`");
  BOOST_TEST(rows.at("event.name").defaultText == "");
}

BOOST_AUTO_TEST_CASE(every_declared_key_is_documented_with_its_default_and_help) {
  auto rows = readmeRows();
  for (const ConfigKey& key : configKeys()) {
    auto row = rows.find(key.name);
    if (row == rows.end()) {
      BOOST_ERROR(key.name << " is missing from README.md's configuration table");
      continue;
    }
    BOOST_TEST(row->second.defaultText == documentedDefault(key),
               key.name << ": README.md's default is '" << row->second.defaultText
                        << "', the table's '" << documentedDefault(key) << "'");
    BOOST_TEST(row->second.meaning == key.help,
               key.name << ": README.md's meaning is '" << row->second.meaning
                        << "', the table's help '" << key.help << "'");
  }
}

BOOST_AUTO_TEST_CASE(every_documented_key_is_declared) {
  std::map<std::string, const ConfigKey*> declared;
  for (const ConfigKey& key : configKeys()) declared[key.name] = &key;
  for (const auto& [name, row] : readmeRows()) {
    BOOST_TEST(declared.count(name) == 1u, name << " is documented but not declared");
  }
}

BOOST_AUTO_TEST_SUITE_END()
