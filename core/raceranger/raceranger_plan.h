// The raceranger step's plan: for each mapped RaceRanger race, which athletes to create or update
// and which are held back and why, computed by a pure function from the race listing, the active
// registrants and what was pushed before; and the lines a dry run prints of it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/raceranger/raceranger_athlete.h"
#include "core/raceranger/raceranger_client.h"
#include "core/store/athlete_records.h"
#include "core/store/problem_log.h"

namespace racesync {

// raceranger.races.<name> = <raceId>: a race as the registrations name it, and its RaceRanger race.
struct RaceMapping {
  std::string name;
  std::string raceId;
};

// One athlete to push, and whether RaceRanger holds an earlier version of it in that race.
struct AthletePush {
  AthleteCandidate registrant;
  RaceRangerAthleteFields athlete;
  std::string hash;     // athleteHash(race id, athlete): stored once RaceRanger took it
  bool update = false;  // pushed to this race before (and not rejected): updated, else created
};

// One athlete of ours that RaceRanger holds in a race where it no longer belongs.
struct AthleteRemoval {
  std::string registrationId;
  std::string number;  // as RaceRanger holds it
  std::string reason;  // "withdrawn", "moved to race 'Half' (race_h)"
  bool withdrawn = false;
};

// What RaceRanger itself holds (the listings of the mapped races, by race id), and every
// registration id racesync knows (active or withdrawn): athletes it does not know are never
// touched.
struct RemoteAthletes {
  std::map<std::string, std::vector<RaceRangerAthleteFields>> byRace;
  std::set<std::string> known;
};

// One mapped RaceRanger race and what this run pushes to it.
struct RacePlan {
  std::string id;
  std::string name;  // RaceRanger's name of the race
  RaceStatus status = RaceStatus::kScheduled;
  bool started = false;                  // active or ended when listed: nothing is pushed to it
  long long notPushed = 0;               // registrants with a bib held back because it started
  std::vector<AthletePush> pushes;       // in registrant id order
  std::vector<AthleteRemoval> removals;  // ours, withdrawn or moved elsewhere: deleted first
  // Held by RaceRanger as they are now, but not so in racesync's records (a run died before
  // storing RaceRanger's answer): recorded as unchanged, nothing sent.
  std::vector<AthletePush> confirmed;
  long long held = -1;  // athletes RaceRanger listed in it, -1 when not listed

  std::string label() const;  // "race 'Marathon' (race_m)"
  long long creates() const;
  long long updates() const;
};

// "race 'Marathon' (race_m)": how messages name a RaceRanger race.
std::string raceLabel(const std::string& name, const std::string& id);

struct RaceRangerPlan {
  std::vector<RacePlan> races;    // the mapped races, in the listing's order
  std::vector<Problem> problems;  // unmapped races, athletes still rejected: registrant order
  long long registrants = 0;      // active registrants considered
  long long withoutBib = 0;       // in a mapped race, but no bib yet
  long long unmapped = 0;         // their race has no RaceRanger race
  long long unchanged = 0;        // pushed before as they are now
  long long rejected = 0;         // rejected before and unchanged since: not pushed again

  long long notPushed() const;  // held back in started races
  long long pushes() const;     // athletes to push, every race
  long long removals() const;   // athletes to delete, every race (started ones included)
};

// The plan for pushing `registrants` to the races of `eventId`'s `listing` they map to, given the
// athletes `pushed` before (by registration id) and, when given, what RaceRanger holds
// (`remote`): then RaceRanger is the truth. An athlete it holds as we would push it is
// unchanged, one it holds otherwise is updated, one it lacks is created (unless rejected before
// and unchanged since); an athlete of ours it holds in a mapped race where it does not belong
// (withdrawn, or its race maps to another race) is removed; athletes racesync does not know,
// and ours without a bib or an unmapped race, are left alone. Without `remote` (or for a race
// not in remote->byRace) the records in `pushed` stand in for the listing. Registrants of an
// unmapped race and athletes rejected before and unchanged since are problems of step
// raceranger. Pure: reads and writes nothing. Throws ConfigurationError when `mapping` is empty
// or maps to a race the listing lacks.
RaceRangerPlan planRaceRangerPush(const std::string& eventId,
                                  const std::vector<RaceMapping>& mapping,
                                  const std::vector<RaceRangerRace>& listing,
                                  const std::vector<AthleteCandidate>& registrants,
                                  const std::map<std::string, AthleteRecord>& pushed,
                                  const RemoteAthletes* remote = nullptr);

// The lines --dry-run prints for `plan`, one per race that is skipped or has athletes to push.
std::vector<std::string> describe(const RaceRangerPlan& plan);

// The problem of an athlete of ours left in a race it no longer belongs to: `why` says what
// stopped the delete (the race started, the key lacks write:athletes).
Problem removalProblem(const RacePlan& race, const AthleteRemoval& removal, const std::string& why,
                       const std::string& fix);

// One note per race that had started when listed: "race 'Half' (race_h) is active: 3 athletes
// not pushed".
std::vector<std::string> startedNotes(const RaceRangerPlan& plan);

// The problem of an athlete RaceRanger rejected with `code` and `message`.
Problem rejectionProblem(const AthleteCandidate& registrant, const std::string& number,
                         const std::string& code, const std::string& message);

}  // namespace racesync
