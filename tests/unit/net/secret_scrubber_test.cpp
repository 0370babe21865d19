#include "core/net/secret_scrubber.h"

#include <boost/test/unit_test.hpp>

using racesync::SecretScrubber;

BOOST_AUTO_TEST_SUITE(secret_scrubber_test)

BOOST_AUTO_TEST_CASE(replaces_a_secret_as_it_is_and_url_encoded) {
  SecretScrubber scrubber;
  scrubber.add("s3/cr+t k=y");
  BOOST_TEST(scrubber.scrub("Bearer s3/cr+t k=y") == "Bearer ***");
  BOOST_TEST(scrubber.scrub("apikey=s3%2Fcr%2Bt%20k%3Dy&x=1") == "apikey=***&x=1");
  BOOST_TEST(scrubber.scrub("apikey=s3%2fcr%2bt%20k%3dy") == "apikey=***");
  BOOST_TEST(scrubber.scrub("apikey=s3%2Fcr%2Bt+k%3Dy") == "apikey=***");
}

BOOST_AUTO_TEST_CASE(replaces_a_secret_a_server_wrote_into_json) {
  SecretScrubber scrubber;
  scrubber.add("ab/c\"d");
  BOOST_TEST(scrubber.scrub(R"({"echo": "Bearer ab\/c\"d"})") == R"({"echo": "Bearer ***"})");
}

BOOST_AUTO_TEST_CASE(replaces_every_occurrence_and_the_longer_of_two_secrets_first) {
  SecretScrubber scrubber;
  scrubber.add("tok_1");
  scrubber.add("tok_1_session");
  BOOST_TEST(scrubber.scrub("tok_1_session, tok_1 and tok_1 again") == "***, *** and *** again");
}

BOOST_AUTO_TEST_CASE(leaves_text_alone_without_secrets) {
  SecretScrubber scrubber;
  scrubber.add("");
  BOOST_TEST(scrubber.empty());
  BOOST_TEST(scrubber.scrub("GET /api/inspect: HTTP 401") == "GET /api/inspect: HTTP 401");
}

BOOST_AUTO_TEST_SUITE_END()
