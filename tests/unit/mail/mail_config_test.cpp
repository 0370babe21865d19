// readMailConfig: the race day, the start time, the contact and the app store links, with errors
// that name the key and the fix.
#include "core/mail/mail_config.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

const std::string kFrom = "mail.from = Stadtlauf <info@stadtlauf.de>\n";

std::string errorFor(const std::string& ini) {
  return test::errorOf<ConfigurationError>(
      [&] { readMailConfig(Settings::fromString(kFrom + ini)); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_config_test)

BOOST_AUTO_TEST_CASE(reads_the_race_day_start_contact_and_app_links) {
  MailConfig config = readMailConfig(
      Settings::fromString(kFrom + "event.date = 2026-06-14\nevent.start_time = 09:30\n"
                                   "mail.contact = info@stadtlauf.de or +49 221 123456\n"
                                   "mail.app_store_url = https://apps.apple.com/app/id1\n"));
  BOOST_TEST(config.eventDate == "2026-06-14");
  BOOST_TEST(config.startTime == "09:30");
  BOOST_TEST(config.contact == "info@stadtlauf.de or +49 221 123456");
  BOOST_TEST(config.appStoreUrl == "https://apps.apple.com/app/id1");
  BOOST_TEST(config.playStoreUrl == "https://play.google.com/store/search?q=RACEMAP&c=apps");
}

BOOST_AUTO_TEST_CASE(all_of_them_are_optional) {
  MailConfig config = readMailConfig(Settings::fromString(kFrom));
  BOOST_TEST(config.eventDate.empty());
  BOOST_TEST(config.startTime.empty());
  BOOST_TEST(config.contact.empty());
}

BOOST_AUTO_TEST_CASE(a_date_or_time_written_otherwise_names_the_key_and_the_form) {
  BOOST_TEST(errorFor("event.date = 14.06.2026\n") ==
             "configuration: event.date: '14.06.2026' is not a date: write it as YYYY-MM-DD, e.g. "
             "2026-06-14");
  BOOST_TEST(errorFor("event.start_time = 9.30\n") ==
             "configuration: event.start_time: '9.30' is not a time: write it as HH:MM, e.g. "
             "09:30");
}

BOOST_AUTO_TEST_SUITE_END()
