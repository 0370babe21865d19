// `racesync run --resend` by bib, id or email on the state the demo leaves (mails as .eml files),
// an unknown one exiting 64 with the nearest registrants, and --to sending one mail elsewhere once.
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/test_support.h"

using namespace racesync;

namespace {

struct DemoState {
  test::TempDir dir;
  std::string config;

  DemoState() {
    auto demo = test::runRacesync({"demo", "--seed", "16", "--out", dir.file("demo")});
    BOOST_TEST_REQUIRE(demo.exitCode == 0, demo.out << demo.err);
    config = dir.file("race.ini");
    test::writeFile(config,
                    "[event]\nname = Lakeside\ndate = 2026-06-14\nstart_time = 9:30\n"
                    "[out]\ndir = demo\n[mail]\nenabled = false\noutbox = resent\n"
                    "from = Lakeside <registrations@example.com>\ncontact = desk@example.com\n");
    test::useDemoState(config, dir.file("demo/racesync.db"));
  }

  test::ProcessResult resend(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"run", "-c", config, "--steps", "mail"};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::runRacesync(args);
  }

  std::vector<std::string> mails() {
    std::vector<std::string> texts;
    if (!Poco::File(dir.file("resent")).exists()) return texts;
    for (Poco::DirectoryIterator it(dir.file("resent")), end; it != end; ++it) {
      texts.push_back(test::readFile(it->path()));
    }
    return texts;
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(resend_test, DemoState)

BOOST_AUTO_TEST_CASE(resends_by_bib_id_or_email) {
  auto byBib = resend({"--resend", "3001"});
  BOOST_TEST_REQUIRE(byBib.exitCode == 0, byBib.out << byBib.err);
  BOOST_TEST_REQUIRE(mails().size() == 1u);
  BOOST_TEST(contains(mails()[0], "maria.muller@example.com"));
  // The mail names the race day, says what RACEMAP is and who to ask.
  BOOST_TEST(contains(mails()[0], "Sunday, 14 June 2026, first start at 9:30"), mails()[0]);
  BOOST_TEST(contains(mails()[0], "desk@example.com"));
  auto byId = resend({"--resend", "R10002"});
  BOOST_TEST_REQUIRE(byId.exitCode == 0, byId.err);
  BOOST_TEST(mails().size() == 2u);
  auto byEmail = resend({"--resend", "Tomas.Brennan@example.com"});  // a family of three
  BOOST_TEST_REQUIRE(byEmail.exitCode == 0, byEmail.err);
  BOOST_TEST(mails().size() == 5u);
}

BOOST_AUTO_TEST_CASE(an_unknown_bib_exits_64_with_the_nearest_registrants) {
  auto result = resend({"--resend", "30010"});
  BOOST_TEST(result.exitCode == 64);
  BOOST_TEST(result.err.rfind("racesync: --resend 30010: no registrant has this bib, id or email; "
                              "nearest: R10001 (Finn Müller, bib 3001, maria.muller@example.com)",
                              0) == 0u,
             result.err);
  BOOST_TEST(mails().empty());
  auto dry = resend({"--resend", "nobody@example.com", "--dry-run"});
  BOOST_TEST(dry.exitCode == 64);
}

BOOST_AUTO_TEST_CASE(to_sends_one_registrants_mail_to_another_address_once) {
  auto result = resend({"--resend", "3001", "--to", "desk@example.com"});
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out << result.err);
  BOOST_TEST_REQUIRE(mails().size() == 1u);
  const std::string mail = mails()[0];
  std::string to = mail.substr(mail.find("\nTo: "),
                               mail.find('\n', mail.find("\nTo: ") + 1) - mail.find("\nTo: "));
  BOOST_TEST(contains(to, "<desk@example.com>"), to);
  BOOST_TEST(!contains(mails()[0], "maria.muller@example.com"));
  // Once: the next run sends nothing more.
  auto again = resend({});
  BOOST_TEST_REQUIRE(again.exitCode == 0, again.err);
  BOOST_TEST(mails().size() == 1u);
  // --to needs exactly one registrant.
  BOOST_TEST(
      resend({"--resend", "tomas.brennan@example.com", "--to", "desk@example.com"}).exitCode == 64);
  BOOST_TEST(resend({"--to", "desk@example.com"}).exitCode == 64);
  BOOST_TEST(resend({"--resend", "3001", "--to", "not an address"}).exitCode == 64);
}

BOOST_AUTO_TEST_SUITE_END()
