#include "core/raceranger/raceranger_athlete.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSONString.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>

#include "core/base/name_splitter.h"

namespace racesync {

namespace {

// `"name":"value"` as Poco::JSON::Object::stringify writes it (the same escaping: Poco::toJSON),
// without a Dynamic::Var, a map node and a stream per field: at 200,000 athletes, built twice
// each (hash and body), those allocations were a third of the step and fragmented the heap.
void appendField(std::string& out, const char* name, const std::string& value) {
  out += '"';
  out += name;
  out += "\":";
  out += Poco::toJSON(value, Poco::JSON_WRAP_STRINGS);
}

void appendAthlete(std::string& out, const RaceRangerAthleteFields& a) {
  out += '{';
  appendField(out, "externalId", a.externalId);
  out += ',';
  appendField(out, "number", a.number);
  out += ',';
  appendField(out, "firstName", a.firstName);
  out += ',';
  appendField(out, "lastName", a.lastName);
  out += ',';
  if (a.gender.empty()) {
    out += "\"gender\":null";
  } else {
    appendField(out, "gender", a.gender);
  }
  out += ',';
  appendField(out, "ageGroup", a.ageGroup);
  out += ',';
  appendField(out, "team", a.team);
  out += ',';
  appendField(out, "country", a.country);
  out += '}';
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
  std::string out;
  out.reserve(160);
  appendAthlete(out, athlete);
  return out;
}

std::string importBody(const std::vector<RaceRangerAthleteFields>& athletes) {
  std::string out = "{\"athletes\":[";
  out.reserve(out.size() + athletes.size() * 160 + 2);
  for (std::size_t i = 0; i < athletes.size(); ++i) {
    if (i > 0) out += ',';
    appendAthlete(out, athletes[i]);
  }
  out += "]}";
  return out;
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
