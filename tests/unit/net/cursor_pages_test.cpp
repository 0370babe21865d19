#include "core/net/cursor_pages.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "tests/support/test_support.h"

using namespace racesync;
using racesync::test::errorOf;

BOOST_AUTO_TEST_SUITE(cursor_pages_test)

BOOST_AUTO_TEST_CASE(follows_cursors_until_the_last_page) {
  CursorPages pages("GET /v1/events/evt_1/races", 10000, "raceranger.max_pages");
  BOOST_TEST(pages.next("c1"));
  BOOST_TEST(pages.next("c2"));
  BOOST_TEST(!pages.next(""));
  BOOST_TEST(pages.pages() == 3);
}

BOOST_AUTO_TEST_CASE(refuses_a_cursor_it_was_given_before) {
  CursorPages pages("GET /v1/events/evt_1/races", 10000, "raceranger.max_pages");
  BOOST_TEST(pages.next("c1"));
  BOOST_TEST(pages.next("c2"));
  BOOST_TEST(errorOf<RemoteError>([&] { pages.next("c1"); }) ==
             "GET /v1/events/evt_1/races: page 3 gives nextCursor 'c1' again, so the listing "
             "would never end: the service's paging is broken: report it to the service, and "
             "run again once it is fixed");
}

BOOST_AUTO_TEST_CASE(refuses_more_pages_than_the_limit) {
  CursorPages pages("GET /v1/events/evt_1/races", 3, "raceranger.max_pages");
  BOOST_TEST(pages.next("c1"));
  BOOST_TEST(pages.next("c2"));
  BOOST_TEST(errorOf<RemoteError>([&] { pages.next("c3"); }) ==
             "GET /v1/events/evt_1/races: the listing has not ended after 3 pages (nextCursor "
             "'c3'): raise raceranger.max_pages if it really is that long, else the service "
             "sends an endless nextCursor: report it to the service");
}

BOOST_AUTO_TEST_CASE(the_last_page_within_the_limit_is_fine) {
  CursorPages pages("GET /x", 2, "raceranger.max_pages");
  BOOST_TEST(pages.next("c1"));
  BOOST_TEST(!pages.next(""));
}

BOOST_AUTO_TEST_CASE(shows_a_long_cursor_cut_short) {
  CursorPages pages("GET /x", 1, "raceranger.max_pages");
  const std::string message = errorOf<RemoteError>([&] { pages.next(std::string(5000, 'c')); });
  BOOST_TEST(message.find("(nextCursor '" + std::string(40, 'c') + "...')") != std::string::npos);
  BOOST_TEST(message.size() < 300u);
}

BOOST_AUTO_TEST_SUITE_END()
