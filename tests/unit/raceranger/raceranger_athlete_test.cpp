#include "core/raceranger/raceranger_athlete.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <boost/test/unit_test.hpp>

#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace racesync;

namespace {

// How an athlete was written before athleteJson built its text itself: through a
// Poco::JSON::Object. The hashes stored in every state store were made from these bytes, so the
// new text must be exactly the same, or every athlete would be pushed again after an upgrade.
Poco::JSON::Object::Ptr pocoObject(const RaceRangerAthleteFields& a) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  object->set("externalId", a.externalId);
  object->set("number", a.number);
  object->set("firstName", a.firstName);
  object->set("lastName", a.lastName);
  if (a.gender.empty()) {
    object->set("gender", Poco::Dynamic::Var());
  } else {
    object->set("gender", a.gender);
  }
  object->set("ageGroup", a.ageGroup);
  object->set("team", a.team);
  object->set("country", a.country);
  return object;
}

std::string pocoJson(const RaceRangerAthleteFields& a) {
  std::ostringstream out;
  pocoObject(a)->stringify(out);
  return out.str();
}

std::string pocoBody(const std::vector<RaceRangerAthleteFields>& athletes) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& athlete : athletes) list->add(pocoObject(athlete));
  Poco::JSON::Object body;
  body.set("athletes", list);
  std::ostringstream out;
  body.stringify(out);
  return out.str();
}

RaceRangerAthleteFields athleteWith(const std::string& text, const std::string& gender) {
  return {"R" + text, text, text, "Müller " + text, gender, text, text, text};
}

// Texts that take every escape JSON has and some it should not need: quotes, backslash, slash,
// each control character, DEL, UTF-8 of two, three and four bytes, Windows-1252 bytes and broken
// UTF-8 sequences.
std::vector<std::string> awkwardTexts() {
  std::vector<std::string> texts = {
      "",          "Anna",      "O\"Brien",       "back\\slash",      "a/b",
      "</script>", "Zoë Ærø",   "\xE2\x82\xAC 5", "\xF0\x9F\x8F\x83", "\x7F",
      "caf\xE9",   "\xC3",      "\xE2\x82",       "\xFF\xFE",         "\xED\xA0\x80",
      "\xC0\xAF",  "tab\there", "line\r\nfeed",   "\u2028\u2029"};
  for (int c = 0; c < 0x20; ++c) texts.push_back(std::string("x") + static_cast<char>(c) + "y");
  std::mt19937 random(20261203);
  std::uniform_int_distribution<int> byte(1, 255), length(0, 12);
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    for (int n = length(random); n > 0; --n) text += static_cast<char>(byte(random));
    texts.push_back(text);
  }
  return texts;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(raceranger_athlete_test)

BOOST_AUTO_TEST_CASE(athlete_json_is_byte_for_byte_what_poco_json_wrote) {
  int compared = 0;
  for (const auto& text : awkwardTexts()) {
    for (const char* gender : {"", "female"}) {
      const RaceRangerAthleteFields athlete = athleteWith(text, gender);
      BOOST_TEST(athleteJson(athlete) == pocoJson(athlete), "text of " << text.size() << " bytes");
      ++compared;
    }
  }
  BOOST_TEST(compared > 4000);
}

BOOST_AUTO_TEST_CASE(athlete_json_writes_the_contract_fields_in_order_and_null_gender) {
  const RaceRangerAthleteFields athlete{"R1", "42", "Anna", "O\"Brien", "", "W35", "", "DE"};
  BOOST_TEST(athleteJson(athlete) ==
             R"({"externalId":"R1","number":"42","firstName":"Anna","lastName":"O\"Brien",)"
             R"("gender":null,"ageGroup":"W35","team":"","country":"DE"})");
}

BOOST_AUTO_TEST_CASE(import_body_is_byte_for_byte_what_poco_json_wrote) {
  std::vector<RaceRangerAthleteFields> athletes;
  BOOST_TEST(importBody(athletes) == pocoBody(athletes));
  BOOST_TEST(importBody(athletes) == R"({"athletes":[]})");
  for (const auto& text : awkwardTexts()) athletes.push_back(athleteWith(text, "male"));
  BOOST_TEST(importBody(athletes) == pocoBody(athletes));
}

BOOST_AUTO_TEST_SUITE_END()
