#include "core/raceranger/raceranger_athlete.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>

#include <sstream>

#include "core/base/name_splitter.h"

namespace racesync {

namespace {

Poco::JSON::Object::Ptr athleteObject(const RaceRangerAthleteFields& a) {
  // The Ptr owns what new makes.
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

std::string normalGender(const std::string& gender) {
  std::string g = Poco::toLower(Poco::trim(gender));
  if (g == "female" || g == "f" || g == "w" || g == "woman") return "female";
  if (g == "male" || g == "m" || g == "man") return "male";
  if (g == "other" || g == "x" || g == "d" || g == "diverse") return "other";
  return "";
}

}  // namespace

RaceRangerAthleteFields athleteFor(const AthleteCandidate& row) {
  RaceRangerAthleteFields a;
  a.externalId = row.id;
  a.number = Poco::trim(row.bib);
  a.firstName = Poco::trim(row.firstName);
  a.lastName = Poco::trim(row.lastName);
  if (a.firstName.empty() && a.lastName.empty()) {
    SplitName split = splitName(row.name);
    a.firstName = split.first;
    a.lastName = split.last;
  }
  a.gender = normalGender(row.gender);
  a.ageGroup = Poco::trim(row.ageGroup);
  a.team = Poco::trim(row.team);
  a.country = Poco::trim(row.country);
  return a;
}

std::string athleteJson(const RaceRangerAthleteFields& athlete) {
  std::ostringstream out;
  athleteObject(athlete)->stringify(out);
  return out.str();
}

std::string importBody(const std::vector<RaceRangerAthleteFields>& athletes) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;  // the Ptr owns it
  for (const auto& athlete : athletes) list->add(athleteObject(athlete));
  Poco::JSON::Object body;
  body.set("athletes", list);
  std::ostringstream out;
  body.stringify(out);
  return out.str();
}

std::string sha256Hex(const std::string& text) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(text);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string athleteHash(const std::string& raceId, const RaceRangerAthleteFields& athlete) {
  return sha256Hex(raceId + "\n" + athleteJson(athlete));
}

std::string idempotencyKeyFor(const std::string& raceId, const std::string& body,
                              long long generation) {
  return "racesync-" + raceId + "-g" + std::to_string(generation) + "-" +
         sha256Hex(body).substr(0, 32);
}

bool sameAthlete(const RaceRangerAthleteFields& a, const RaceRangerAthleteFields& b) {
  return a.externalId == b.externalId && a.number == b.number && a.firstName == b.firstName &&
         a.lastName == b.lastName && a.gender == b.gender && a.ageGroup == b.ageGroup &&
         a.team == b.team && a.country == b.country;
}

}  // namespace racesync
