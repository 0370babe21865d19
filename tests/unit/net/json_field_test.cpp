#include "core/net/json_field.h"

#include <boost/test/unit_test.hpp>

#include <memory>

#include "core/base/errors.h"
#include "core/net/secret_scrubber.h"
#include "tests/support/test_support.h"

using namespace racesync;
using racesync::test::errorOf;

namespace {

const char* const kImport = "POST /v1/events/evt_1/races/race_1/athletes:import";

JsonField parsed(const std::string& body, std::shared_ptr<const SecretScrubber> scrubber = {}) {
  JsonField answer;
  std::string why;
  BOOST_REQUIRE_MESSAGE(JsonField::parse(kImport, body, std::move(scrubber), answer, why), why);
  return answer;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_field_test)

BOOST_AUTO_TEST_CASE(names_the_call_and_the_field_of_a_wrongly_typed_value) {
  JsonField answer = parsed(R"({"data":{"unchanged":[]}})");
  const std::string message =
      errorOf<RemoteError>([&] { answer.field("data").field("unchanged").integerOr(0); });
  BOOST_TEST(message ==
             "POST /v1/events/evt_1/races/race_1/athletes:import: answer field 'data.unchanged' "
             "is not a number");
}

BOOST_AUTO_TEST_CASE(names_list_items_by_their_index) {
  JsonField answer = parsed(R"({"data":{"errors":[{"index":0},{"index":{"a":1}}]}})");
  JsonField errors = answer.field("data").field("errors");
  BOOST_TEST(errors.at(0).field("index").integerOr(-1) == 0);
  BOOST_TEST(errorOf<RemoteError>([&] { errors.at(1).field("index").integerOr(0); }) ==
             std::string(kImport) + ": answer field 'data.errors[1].index' is not a number");
  BOOST_TEST(errorOf<RemoteError>([&] { answer.field("data").field("errors").field("x"); }) ==
             std::string(kImport) + ": answer field 'data.errors' is not an object");
  BOOST_TEST(errorOf<RemoteError>([&] { answer.at(0); }) ==
             std::string(kImport) + ": the answer is not a list");
}

BOOST_AUTO_TEST_CASE(reads_absent_fields_and_null_as_null) {
  JsonField answer = parsed(R"({"a": null, "list": [1]})");
  BOOST_TEST(answer.field("a").isNull());
  BOOST_TEST(answer.field("missing").isNull());
  BOOST_TEST(answer.field("missing").text() == "");
  BOOST_TEST(answer.field("missing").integerOr(7) == 7);
  BOOST_TEST(!answer.field("missing").flag());
  BOOST_TEST(answer.field("list").at(5).isNull());
  BOOST_TEST(answer.field("missing").path() == "missing");
}

BOOST_AUTO_TEST_CASE(reads_text_from_strings_numbers_and_booleans_only) {
  JsonField answer = parsed(R"({"s": "Anna", "n": 42, "b": true, "o": {}, "l": []})");
  BOOST_TEST(answer.field("s").text() == "Anna");
  BOOST_TEST(answer.field("n").text() == "42");
  BOOST_TEST(answer.field("b").text() == "true");
  BOOST_TEST(errorOf<RemoteError>([&] { answer.field("o").text(); }) ==
             std::string(kImport) + ": answer field 'o' is not a string");
  BOOST_TEST(errorOf<RemoteError>([&] { answer.field("l").text(); }) ==
             std::string(kImport) + ": answer field 'l' is not a string");
  BOOST_TEST(answer.field("o").scalarText() == "");
  BOOST_TEST(answer.field("l").jsonText() == "[]");
}

BOOST_AUTO_TEST_CASE(reads_whole_numbers_and_refuses_fractions_and_huge_ones) {
  JsonField answer = parsed(
      R"({"i": -12, "d": 3.0, "f": 1.5, "s": " 17 ", "x": "seven", "big": 1e19,
          "u": 18446744073709551615, "max": 9223372036854775807, "e": 1e300, "b": true})");
  BOOST_TEST(answer.field("i").integerOr(0) == -12);
  BOOST_TEST(answer.field("d").integerOr(0) == 3);
  BOOST_TEST(answer.field("s").integerOr(0) == 17);
  BOOST_TEST(answer.field("max").integerOr(0) == 9223372036854775807LL);
  BOOST_TEST(errorOf<RemoteError>([&] { answer.field("f").integerOr(0); }) ==
             std::string(kImport) + ": answer field 'f' is not a whole number");
  BOOST_TEST(errorOf<RemoteError>([&] {
               answer.field("x").integerOr(0);
             }).find("is not a number") != std::string::npos);
  BOOST_TEST(errorOf<RemoteError>([&] {
               answer.field("b").integerOr(0);
             }).find("is not a number") != std::string::npos);
  for (const char* name : {"big", "u", "e"}) {
    BOOST_TEST(errorOf<RemoteError>([&] {
                 answer.field(name).integerOr(0);
               }).find("answer field '" + std::string(name) + "' is out of range") !=
               std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(reads_flags_as_the_old_conversions_did) {
  JsonField answer =
      parsed(R"({"t": true, "f": false, "one": 1, "zero": 0, "s": "yes", "sf": "false", "o": {}})");
  BOOST_TEST(answer.field("t").flag());
  BOOST_TEST(!answer.field("f").flag());
  BOOST_TEST(answer.field("one").flag());
  BOOST_TEST(!answer.field("zero").flag());
  BOOST_TEST(answer.field("s").flag());
  BOOST_TEST(!answer.field("sf").flag());
  BOOST_TEST(errorOf<RemoteError>([&] { answer.field("o").flag(); }) ==
             std::string(kImport) + ": answer field 'o' is not true or false");
}

BOOST_AUTO_TEST_CASE(tells_a_body_that_is_not_json_without_throwing) {
  JsonField answer;
  std::string why;
  // Poco's parser refuses a whole number beyond 64 bits: for racesync that answer is not JSON.
  for (const std::string& body :
       {std::string(""), std::string("{\"data\": [ this is not json"),
        std::string("{\"n\": 99999999999999999999999}"), std::string("<html>bad gateway</html>"),
        std::string(100000, '['), std::string("\xff\xfe\x00", 3)}) {
    why.clear();
    BOOST_TEST(!JsonField::parse(kImport, body, nullptr, answer, why));
    BOOST_TEST(!why.empty());
    BOOST_TEST(answer.isNull());
  }
}

BOOST_AUTO_TEST_CASE(scrubs_every_text_it_hands_out) {
  auto scrubber = std::make_shared<SecretScrubber>();
  scrubber->add("rr_o_secret");
  JsonField answer = parsed(
      R"({"error": {"message": "key rr_o_secret refused"}, "list": ["rr_o_secret"], "n": {}})",
      scrubber);
  BOOST_TEST(answer.field("error").field("message").text() == "key *** refused");
  BOOST_TEST(answer.field("error").field("message").scalarText() == "key *** refused");
  BOOST_TEST(answer.field("list").jsonText() == "[\"***\"]");
  BOOST_TEST(answer.jsonText().find("rr_o_secret") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
