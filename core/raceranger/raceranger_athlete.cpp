#include "core/raceranger/raceranger_athlete.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSONString.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>

#include <utility>

#include "core/base/name_splitter.h"

namespace racesync {

namespace {

// {"externalId":"R1","number":"42",...} in the contract's field order, an empty gender as null,
// as Poco::JSON::Object::stringify wrote it (the same escaping: Poco::toJSON), without the
// Dynamic::Var, map node and stream per field: at 200,000 athletes, built twice each (hash and
// body), those allocations were a third of the step and fragmented the heap.
void appendAthlete(std::string& out, const RaceRangerAthleteFields& a) {
  const std::pair<const char*, const std::string*> fields[] = {{"externalId", &a.externalId},
                                                               {"number", &a.number},
                                                               {"firstName", &a.firstName},
                                                               {"lastName", &a.lastName},
                                                               {"gender", &a.gender},
                                                               {"ageGroup", &a.ageGroup},
                                                               {"team", &a.team},
                                                               {"country", &a.country}};
  out += '{';
  for (const auto& [name, value] : fields) {
    if (value != &a.externalId) out += ',';
    out += '"';
    out += name;
    out += "\":";
    if (value == &a.gender && value->empty()) {
      out += "null";
    } else {
      out += Poco::toJSON(*value, Poco::JSON_WRAP_STRINGS);
    }
  }
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
