// RACEMAP's key list read in one pass: both shapes, the list under a name, malformed bodies.
#include "core/racemap/key_list_json.h"

#include <boost/test/unit_test.hpp>

using namespace racesync;

namespace {

std::vector<std::string> keysOf(const std::string& body) {
  std::vector<std::string> keys;
  std::string why;
  BOOST_TEST((parseKeyList(body, keys, why) == KeyListFault::kNone), body << ": " << why);
  return keys;
}

KeyListFault faultOf(const std::string& body, std::string* whyOut = nullptr) {
  std::vector<std::string> keys;
  std::string why;
  KeyListFault fault = parseKeyList(body, keys, why);
  if (whyOut) *whyOut = why;
  return fault;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(key_list_json_test)

BOOST_AUTO_TEST_CASE(reads_strings_and_objects) {
  BOOST_TEST(
      (keysOf(" [\"K84N2S\", \"6G615L\"] ") == std::vector<std::string>{"K84N2S", "6G615L"}));
  BOOST_TEST((keysOf("[{\"createdAt\": \"x\", \"key\": \"K84N2S\", \"n\": [1, {\"a\": null}]}, "
                     "{\"other\": 1}]") == std::vector<std::string>{"K84N2S", ""}));
  BOOST_TEST((keysOf("[]").empty()));
  BOOST_TEST((keysOf("[123456, true, null]") == std::vector<std::string>{"123456", "true", ""}));
  BOOST_TEST((keysOf("[\"K8\\u00c4N\\\"2\"]") == std::vector<std::string>{"K8\xc3\x84N\"2"}));
}

BOOST_AUTO_TEST_CASE(finds_the_list_under_data_items_keys_or_starters) {
  BOOST_TEST(
      (keysOf("{\"total\": 1, \"data\": [\"K84N2S\"]}") == std::vector<std::string>{"K84N2S"}));
  BOOST_TEST((keysOf("{\"keys\": [\"B\"], \"data\": [\"A\"]}") == std::vector<std::string>{"A"}));
  BOOST_TEST((keysOf("{\"data\": 5, \"items\": [\"C\"]}") == std::vector<std::string>{"C"}));
  BOOST_TEST((faultOf("{\"total\": 0}") == KeyListFault::kNoList));
  BOOST_TEST((faultOf("\"K84N2S\"") == KeyListFault::kNoList));
}

BOOST_AUTO_TEST_CASE(names_an_item_that_is_not_a_text) {
  std::string why;
  BOOST_TEST((faultOf("{\"keys\": [\"A\", [\"K84N2S\"]]}", &why) == KeyListFault::kNotAString));
  BOOST_TEST(why == "keys[1]");
  BOOST_TEST((faultOf("[{\"key\": {\"v\": 1}}]", &why) == KeyListFault::kNotAString));
  BOOST_TEST(why == "[0].key");
}

BOOST_AUTO_TEST_CASE(refuses_bodies_that_are_not_json) {
  for (const char* body : {"{\"data\": [ this is not json", "[\"A\",]", "[\"A\"] x", "", "[\"A",
                           "[01x]", "{\"a\" 1}", "[\"\\q\"]", "[-]"}) {
    std::string why;
    BOOST_TEST((faultOf(body, &why) == KeyListFault::kNotJson), body);
    BOOST_TEST(why.rfind("at offset ", 0) == 0u, body);
  }
}

BOOST_AUTO_TEST_SUITE_END()
