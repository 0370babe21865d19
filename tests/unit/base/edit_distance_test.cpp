#include "core/base/edit_distance.h"

#include <boost/test/unit_test.hpp>

using racesync::editDistance;

BOOST_AUTO_TEST_SUITE(edit_distance_test)

BOOST_AUTO_TEST_CASE(counts_inserts_deletes_and_replacements) {
  BOOST_TEST(editDistance("", "") == 0u);
  BOOST_TEST(editDistance("mail", "mail") == 0u);
  BOOST_TEST(editDistance("", "bib") == 3u);
  BOOST_TEST(editDistance("email", "mail") == 1u);
  BOOST_TEST(editDistance("kitten", "sitting") == 3u);
}

BOOST_AUTO_TEST_CASE(a_swap_of_two_neighbours_is_one_edit) {
  BOOST_TEST(editDistance("mial", "mail") == 1u);
  BOOST_TEST(editDistance("raec", "race") == 1u);
  BOOST_TEST(editDistance("ab", "ba") == 1u);
  BOOST_TEST(editDistance("ca", "abc") == 3u);  // optimal string alignment: no edit twice
}

BOOST_AUTO_TEST_CASE(is_symmetric) {
  BOOST_TEST(editDistance("registrations.files", "registration.file") ==
             editDistance("registration.file", "registrations.files"));
}

BOOST_AUTO_TEST_SUITE_END()
