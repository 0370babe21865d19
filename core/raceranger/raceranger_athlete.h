// A registrant as RaceRanger sees it (docs/CONTRACT.md §3 athlete fields), the import body a batch
// of them makes, and the hashes that tell a changed athlete and a repeated batch apart.
#pragma once

#include <string>
#include <vector>

#include "core/store/athlete_records.h"

namespace racesync {

struct RaceRangerAthleteFields {
  std::string externalId;  // the registration id
  std::string number;      // the bib
  std::string firstName;
  std::string lastName;
  std::string gender;  // female | male | other | "" (sent as null)
  std::string ageGroup;
  std::string team;
  std::string country;
};

// The athlete for `row`: first and last name from the row, or split from the display name when
// both are empty (name_splitter.h); gender normalised to female | male | other | "". Pure.
RaceRangerAthleteFields athleteFor(const AthleteCandidate& row);

// {"externalId": ..., "number": ..., ...} in the contract's field order.
std::string athleteJson(const RaceRangerAthleteFields& athlete);
// {"athletes": [...]}: the body of one bulk import.
std::string importBody(const std::vector<RaceRangerAthleteFields>& athletes);
// Lower-case hex SHA-256 of `text`.
std::string sha256Hex(const std::string& text);
// The hash stored per athlete: changes when anything pushed changes, the race included.
std::string athleteHash(const std::string& raceId, const RaceRangerAthleteFields& athlete);
// "racesync-<raceId>-g<generation>-<32 hex digits of the body's SHA-256>": a retry of one push
// carries the same key; a later push (a new generation, counted in the store) never replays an
// earlier answer, even when it sends the same body again (bib 41 -> 141 -> 41 within 24 h).
std::string idempotencyKeyFor(const std::string& raceId, const std::string& body,
                              long long generation);
// True when both hold the same values in every field RaceRanger keeps.
bool sameAthlete(const RaceRangerAthleteFields& a, const RaceRangerAthleteFields& b);

}  // namespace racesync
