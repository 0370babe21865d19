// What racesync knows of RaceRanger: the athletes it pushed (athletes table), the races it saw
// (races table) and the active registrants it pushes from, as records with enums. The SQL of
// those tables lives here.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace racesync {

class StoreStatement;

class StateStore;

// How the last push of one athlete ended (athletes.outcome).
enum class AthleteOutcome { kCreated, kUpdated, kUnchanged, kRejected };
// "created", "updated", "unchanged", "rejected": the stored strings.
const char* toString(AthleteOutcome outcome);
// The outcome a stored string names. Throws StoreError naming athletes.outcome for any other.
AthleteOutcome parseAthleteOutcome(const std::string& text);

// One row of the athletes table: what was last pushed for a registrant, and how it ended.
struct AthleteRecord {
  std::string registrationId;
  std::string raceId;
  std::string contentHash;  // athleteHash() of the athlete as pushed
  AthleteOutcome outcome = AthleteOutcome::kCreated;
  std::string code;     // RaceRanger's error code when rejected, else ""
  std::string message;  // RaceRanger's words when rejected, else ""
  std::string pushedAt;
};

// A RaceRanger race's status: as listed (scheduled, active, ended), or started when an import
// was answered 409 race_started.
enum class RaceStatus { kScheduled, kActive, kEnded, kStarted };
const char* toString(RaceStatus status);
// The status a stored string names. Throws StoreError naming races.status for any other.
RaceStatus parseRaceStatus(const std::string& text);

// One row of the races table: the last status seen and why its athletes were not pushed.
struct RaceRecord {
  std::string raceId;
  std::string name;
  RaceStatus status = RaceStatus::kScheduled;
  std::string checkedAt;
  std::string note;  // "" when its athletes were pushed
};

// An active registrant as far as RaceRanger cares (from the registrants table).
struct AthleteCandidate {
  std::string id;
  std::string bib;
  std::string firstName;
  std::string lastName;
  std::string name;  // the display name
  std::string race;  // the race name as in the registrations
  std::string gender;
  std::string ageGroup;
  std::string team;
  std::string country;
  std::string source;  // file of the last import
  int line = 0;        // line in that file, 0 when none
};

// The athletes and races tables of one store, and the registrants the raceranger step reads.
// Writes join the caller's transaction when there is one (StateStore::transact).
class AthleteRecords {
 public:
  explicit AthleteRecords(StateStore& store);
  ~AthleteRecords();
  AthleteRecords(const AthleteRecords&) = delete;
  AthleteRecords& operator=(const AthleteRecords&) = delete;

  // The active registrants, in id order.
  std::vector<AthleteCandidate> candidates();
  // Every athletes row, by registration id. Throws StoreError for an unknown outcome.
  std::map<std::string, AthleteRecord> athletes();
  // Inserts the row of `record.registrationId`, or replaces what it holds.
  void put(const AthleteRecord& record);

  // Every races row, in race id order. Throws StoreError for an unknown status.
  std::vector<RaceRecord> races();
  // Inserts the row of `race.raceId`, or replaces what it holds.
  void putRace(const RaceRecord& race);

  // Every registration id in the registrants table, active or withdrawn: the athletes racesync
  // may touch in RaceRanger.
  std::set<std::string> knownIds();
  // Forgets what was pushed for `registrationId` (after RaceRanger removed it).
  void remove(const std::string& registrationId);
  // Records how many athletes RaceRanger holds in `raceId` after this run's push.
  void setHeld(const std::string& raceId, long long held);
  // Per race that was listed (held >= 0): (RaceRanger's race name, athletes it holds), by name.
  std::vector<std::pair<std::string, long long>> heldPerRace();
  // The same by race id: what the last listing (and the pushes since) left it holding.
  std::map<std::string, long long> heldByRaceId();
  // Per race id, the memo of its last full reading (meta 'raceranger.read_back.<race id>'; see
  // read_back_plan.h), and storing one, in the caller's transaction if there is one.
  std::map<std::string, std::string> readBackMemos();
  void putReadBackMemo(const std::string& raceId, const std::string& memo);
  // Counts the pushes up (meta 'raceranger.push_generation') in a committed transaction of its
  // own and returns the new number: the part of each Idempotency-Key that keeps a new push from
  // replaying an old one's answer.
  long long nextPushGeneration();

 private:
  StateStore& store_;
  // put()'s statement, prepared on first use and bound per row: Poco's statement prepared the
  // upsert again for every athlete (200,000 at a time).
  std::unique_ptr<StoreStatement> put_;
};

}  // namespace racesync
