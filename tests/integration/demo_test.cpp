// `racesync demo`: the whole job on samples/ in one command, with its second run writing nothing.
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/test_support.h"

using namespace racesync;

namespace {

int countFiles(const std::string& dir, const std::string& suffix) {
  int count = 0;
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) {
    const std::string& name = it.name();
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      ++count;
    }
  }
  return count;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(demo_test)

BOOST_AUTO_TEST_CASE(runs_the_whole_job_and_a_quiet_second_run) {
  test::TempDir dir;
  std::string out = dir.file("demo");
  auto result = test::runRacesync({"demo", "--out", out});
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out << result.err);
  BOOST_TEST(result.out.find("summary:") != std::string::npos);
  BOOST_TEST(result.out.find("second run (as cron would do it tomorrow): exit 0, 0 remote "
                             "writes, 0 new mails") != std::string::npos);
  BOOST_TEST(countFiles(out + "/qr", ".png") == 376);
  BOOST_TEST(countFiles(out + "/outbox", ".eml") == 375);
  for (const char* file :
       {"report.html", "links.csv", "racemap-import.json", "racemap-import.csv"}) {
    BOOST_TEST(Poco::File(out + "/" + file).exists(), file);
  }
  // One QR code, decoded independently, is that registrant's link from links.csv.
  std::string links = test::readFile(out + "/links.csv");
  BOOST_TEST(links.find(test::decodeQr(out + "/qr/3001.png")) != std::string::npos);
  BOOST_TEST(test::decodeQr(out + "/qr/3001.png").find("https://racemap.app/redeem_key?key=") ==
             0u);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_keys) {
  test::TempDir dir;
  auto first = test::runRacesync({"demo", "--seed", "42", "--out", dir.file("a")});
  auto second = test::runRacesync({"demo", "--seed", "42", "--out", dir.file("b")});
  auto other = test::runRacesync({"demo", "--seed", "43", "--out", dir.file("c")});
  BOOST_TEST_REQUIRE(first.exitCode == 0, first.err);
  BOOST_TEST_REQUIRE(second.exitCode == 0, second.err);
  BOOST_TEST_REQUIRE(other.exitCode == 0, other.err);
  // links.csv holds every key and link and no time: the same seed gives the same file.
  std::string links = test::readFile(dir.file("a/links.csv"));
  BOOST_TEST(links.find("https://racemap.app/redeem_key?key=") != std::string::npos);
  BOOST_TEST(links == test::readFile(dir.file("b/links.csv")));
  BOOST_TEST(links != test::readFile(dir.file("c/links.csv")));
}

BOOST_AUTO_TEST_CASE(replaces_an_earlier_demo_but_no_other_folder) {
  test::TempDir dir;
  test::writeFile(dir.file("mine/notes.txt"), "precious");
  auto refused = test::runRacesync({"demo", "--out", dir.file("mine")});
  BOOST_TEST(refused.exitCode == 64);
  BOOST_TEST(refused.err == "racesync: demo: " + dir.file("mine") +
                                " is not empty and holds no earlier demo: pick another folder "
                                "with --out: try 'racesync --help'\n");
  BOOST_TEST(test::readFile(dir.file("mine/notes.txt")) == "precious");
}

BOOST_AUTO_TEST_CASE(fetches_from_race_result_when_asked) {
  test::TempDir dir;
  auto result = test::runRacesync({"demo", "--out", dir.file("demo"), "--source", "raceresult"});
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out << result.err);
  BOOST_TEST(result.out.find("demo: raceresult registrations") != std::string::npos);
  BOOST_TEST(countFiles(dir.file("demo/qr"), ".png") > 300);
}

BOOST_AUTO_TEST_SUITE_END()
