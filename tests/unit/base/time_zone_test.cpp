#include "core/base/time_zone.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"

using racesync::TimeZone;

namespace {
// 2026-07-01T12:00:00Z and 2026-11-24T01:00:00Z, in milliseconds.
constexpr std::int64_t kSummer = 1782907200000;
constexpr std::int64_t kWinter = 1795482000000;
}  // namespace

BOOST_AUTO_TEST_SUITE(time_zone_test)

BOOST_AUTO_TEST_CASE(berlin_has_summer_and_winter_time) {
  TimeZone berlin = TimeZone::named("Europe/Berlin", "report.timezone");
  BOOST_TEST(berlin.name() == "Europe/Berlin");
  BOOST_TEST(berlin.format(kSummer) == "2026-07-01 14:00 CEST");
  BOOST_TEST(berlin.format(kWinter) == "2026-11-24 02:00 CET");
  BOOST_TEST(berlin.offsetAt(kWinter / 1000) == 3600);
}

BOOST_AUTO_TEST_CASE(zones_west_of_utc_and_without_summer_time) {
  BOOST_TEST(TimeZone::named("America/New_York", "k").format(kWinter) == "2026-11-23 20:00 EST");
  BOOST_TEST(TimeZone::named("Asia/Kolkata", "k").format(kWinter) == "2026-11-24 06:30 IST");
  BOOST_TEST(TimeZone::named("UTC", "k").format(kSummer) == "2026-07-01 12:00 UTC");
  BOOST_TEST(TimeZone().format(kWinter) == "2026-11-24 01:00 UTC");
}

BOOST_AUTO_TEST_CASE(times_before_the_first_transition_use_standard_time) {
  // 1800-01-01: Berlin kept local mean time then (LMT, +0:53:28).
  TimeZone berlin = TimeZone::named("Europe/Berlin", "k");
  BOOST_TEST(berlin.abbreviationAt(-5364662400) == "LMT");
}

BOOST_AUTO_TEST_CASE(an_unknown_zone_names_the_key_and_the_fix) {
  for (const char* bad : {"Europe/Berln", "../../etc/passwd", "/etc/passwd", "Europe"}) {
    try {
      TimeZone::named(bad, "report.timezone");
      BOOST_FAIL("no error for " << bad);
    } catch (const racesync::ConfigurationError& e) {
      std::string text = e.message();
      BOOST_TEST(text.rfind("report.timezone: '", 0) == 0u, text);
      BOOST_TEST(text.find("e.g. Europe/Berlin") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_machine_zone_is_the_default) {
  TimeZone machine = TimeZone::named("", "report.timezone");
  BOOST_TEST(!machine.name().empty());
  BOOST_TEST(machine.format(kWinter).size() > 17u);
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_tzif_are_an_input_error) {
  BOOST_CHECK_THROW(TimeZone::fromTzif("x", "TZif2"), racesync::InputError);
  BOOST_CHECK_THROW(TimeZone::fromTzif("x", "hello"), racesync::InputError);
}

BOOST_AUTO_TEST_SUITE_END()
