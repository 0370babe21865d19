#include "core/raceranger/raceranger_plan.h"

#include <Poco/Path.h>
#include <Poco/String.h>

#include <algorithm>

#include "core/base/errors.h"

namespace racesync {

namespace {

const char* const kStep = "raceranger";

// Race names match loosely: " marathon " is the Marathon.
std::string key(const std::string& text) { return Poco::toLower(Poco::trim(text)); }

std::string listingText(const std::vector<RaceRangerRace>& races) {
  std::string text;
  for (const auto& race : races) {
    if (!text.empty()) text += ", ";
    text += race.id + " '" + race.name + "' (" + race.status + ")";
  }
  return text;
}

// The status as listed. The contract knows scheduled, active and ended; any other counts as
// scheduled, so that its race is pushed to, as before statuses were typed.
RaceStatus listedStatus(const std::string& status) {
  if (status == toString(RaceStatus::kActive)) return RaceStatus::kActive;
  if (status == toString(RaceStatus::kEnded)) return RaceStatus::kEnded;
  return RaceStatus::kScheduled;
}

// "registrations.csv:12: " or "registration R-17: ": where a row-level problem is.
std::string placeOf(const AthleteCandidate& row) {
  if (!row.source.empty() && row.line > 0) {
    return Poco::Path(row.source).getFileName() + ":" + std::to_string(row.line) + ": ";
  }
  return "registration " + row.id + ": ";
}

Problem rowProblem(const AthleteCandidate& row, const std::string& code, const std::string& message,
                   const std::string& hint) {
  Problem problem;
  problem.step = kStep;
  problem.source = row.source.empty() ? "" : Poco::Path(row.source).getFileName();
  problem.line = row.line;
  problem.registrationId = row.id;
  problem.code = code;
  problem.message = placeOf(row) + message;
  problem.hint = hint;
  return problem;
}

Problem unmappedProblem(const AthleteCandidate& row) {
  return rowProblem(row, "unmapped_race",
                    row.race.empty() ? "no race given, so no RaceRanger race to push to"
                                     : "race '" + row.race + "' has no RaceRanger race",
                    "add raceranger.races." + (row.race.empty() ? "<race>" : row.race) +
                        " = <race id> to the configuration");
}

// The mapped races into plan.races (listing order); returns key(race name) -> index in it.
std::map<std::string, std::size_t> mapRaces(const std::string& eventId,
                                            const std::vector<RaceMapping>& mapping,
                                            const std::vector<RaceRangerRace>& listing,
                                            RaceRangerPlan& plan) {
  std::map<std::string, std::string> raceOf;  // key(race name) -> race id
  for (const auto& [name, id] : mapping) {
    auto race = std::find_if(listing.begin(), listing.end(),
                             [&raceId = id](const auto& r) { return r.id == raceId; });
    if (race == listing.end()) {
      throw ConfigurationError(
          "raceranger.races." + name + ": '" + id + "' is not a race of event " + eventId +
          ": choose one of " +
          (listing.empty() ? "none (the event has no races)" : listingText(listing)));
    }
    raceOf[key(name)] = id;
  }
  std::map<std::string, std::size_t> indexOf;  // race id -> index in plan.races
  for (const auto& race : listing) {
    bool mapped = std::any_of(raceOf.begin(), raceOf.end(),
                              [&](const auto& entry) { return entry.second == race.id; });
    if (!mapped || indexOf.count(race.id)) continue;
    indexOf[race.id] = plan.races.size();
    RacePlan entry;
    entry.id = race.id;
    entry.name = race.name;
    entry.status = listedStatus(race.status);
    entry.started = entry.status == RaceStatus::kActive || entry.status == RaceStatus::kEnded;
    plan.races.push_back(std::move(entry));
  }
  std::map<std::string, std::size_t> result;
  for (const auto& [name, id] : raceOf) result[name] = indexOf.at(id);
  return result;
}

// Decides what becomes of one registrant in a mapped, not started race, from the records of
// earlier pushes (no listing of the race).
void planFromRecords(AthletePush push, RacePlan& race,
                     const std::map<std::string, AthleteRecord>& pushed, RaceRangerPlan& plan) {
  const AthleteCandidate& row = push.registrant;
  auto before = pushed.find(row.id);
  if (before != pushed.end() && before->second.raceId == race.id) {
    const AthleteRecord& record = before->second;
    if (record.contentHash == push.hash) {
      // Pushed as it is now; a rejected one stays rejected until the registration changes.
      if (record.outcome == AthleteOutcome::kRejected) {
        ++plan.rejected;
        plan.problems.push_back(
            rejectionProblem(row, push.athlete.number, record.code, record.message));
      } else {
        ++plan.unchanged;
      }
      return;
    }
    push.update = record.outcome != AthleteOutcome::kRejected;
  }
  race.pushes.push_back(std::move(push));
}

// The same decision against what RaceRanger listed in the race (`held`, by external id).
void planFromListing(AthletePush push, RacePlan& race,
                     const std::map<std::string, const RaceRangerAthleteFields*>& held,
                     const std::map<std::string, AthleteRecord>& pushed, RaceRangerPlan& plan) {
  const AthleteCandidate& row = push.registrant;
  auto there = held.find(row.id);
  auto before = pushed.find(row.id);
  if (there != held.end()) {
    if (sameAthlete(*there->second, push.athlete)) {
      ++plan.unchanged;
      bool recorded = before != pushed.end() && before->second.raceId == race.id &&
                      before->second.contentHash == push.hash &&
                      before->second.outcome != AthleteOutcome::kRejected;
      if (!recorded) race.confirmed.push_back(std::move(push));
      return;
    }
    push.update = true;
    race.pushes.push_back(std::move(push));
    return;
  }
  if (before != pushed.end() && before->second.raceId == race.id &&
      before->second.contentHash == push.hash &&
      before->second.outcome == AthleteOutcome::kRejected) {
    ++plan.rejected;
    plan.problems.push_back(
        rejectionProblem(row, push.athlete.number, before->second.code, before->second.message));
    return;
  }
  race.pushes.push_back(std::move(push));
}

// Ours in `race` that do not belong there: withdrawn, or mapped to another race.
void planRemovals(RacePlan& race, const std::vector<RaceRangerAthleteFields>& held,
                  const std::map<std::string, const AthleteCandidate*>& active,
                  const std::map<std::string, std::size_t>& raceOf, const RemoteAthletes& remote,
                  const std::vector<RacePlan>& races) {
  for (const auto& athlete : held) {
    if (!remote.known.count(athlete.externalId)) continue;  // not ours: never touched
    auto row = active.find(athlete.externalId);
    if (row == active.end()) {
      race.removals.push_back({athlete.externalId, athlete.number, "withdrawn", true});
      continue;
    }
    auto mapped = raceOf.find(key(row->second->race));
    if (mapped == raceOf.end()) continue;  // unmapped now: a problem of its own, left alone
    const RacePlan& target = races[mapped->second];
    if (target.id != race.id) {
      race.removals.push_back(
          {athlete.externalId, athlete.number, "moved to " + target.label(), false});
    }
  }
}

}  // namespace

std::string raceLabel(const std::string& name, const std::string& id) {
  return "race '" + name + "' (" + id + ")";
}

std::string RacePlan::label() const { return raceLabel(name, id); }

long long RacePlan::updates() const {
  return std::count_if(pushes.begin(), pushes.end(), [](const AthletePush& p) { return p.update; });
}

long long RacePlan::creates() const { return static_cast<long long>(pushes.size()) - updates(); }

long long RaceRangerPlan::notPushed() const {
  long long total = 0;
  for (const auto& race : races) total += race.notPushed;
  return total;
}

long long RaceRangerPlan::removals() const {
  long long total = 0;
  for (const auto& race : races) total += static_cast<long long>(race.removals.size());
  return total;
}

long long RaceRangerPlan::pushes() const {
  long long total = 0;
  for (const auto& race : races) total += static_cast<long long>(race.pushes.size());
  return total;
}

RaceRangerPlan planRaceRangerPush(const std::string& eventId,
                                  const std::vector<RaceMapping>& mapping,
                                  const std::vector<RaceRangerRace>& listing,
                                  const std::vector<AthleteCandidate>& registrants,
                                  const std::map<std::string, AthleteRecord>& pushed,
                                  const RemoteAthletes* remote) {
  if (mapping.empty()) {
    throw ConfigurationError(
        "raceranger.races: no race of the registrations is mapped to a RaceRanger race: add one "
        "line per race, raceranger.races.<race name as in the registrations> = <race id>; event " +
        eventId + " has " + (listing.empty() ? "no races yet" : listingText(listing)));
  }
  RaceRangerPlan plan;
  std::map<std::string, std::size_t> raceOf = mapRaces(eventId, mapping, listing, plan);
  // By race index: what RaceRanger holds, by external id (races it listed only).
  std::vector<std::map<std::string, const RaceRangerAthleteFields*>> held(plan.races.size());
  std::vector<bool> listed(plan.races.size(), false);
  for (std::size_t i = 0; remote && i < plan.races.size(); ++i) {
    auto found = remote->byRace.find(plan.races[i].id);
    if (found == remote->byRace.end()) continue;
    listed[i] = true;
    plan.races[i].held = static_cast<long long>(found->second.size());
    for (const auto& athlete : found->second) held[i][athlete.externalId] = &athlete;
  }
  plan.registrants = static_cast<long long>(registrants.size());
  std::map<std::string, const AthleteCandidate*> active;
  for (const auto& row : registrants) {
    active[row.id] = &row;
    auto mapped = raceOf.find(key(row.race));
    if (mapped == raceOf.end()) {
      ++plan.unmapped;
      plan.problems.push_back(unmappedProblem(row));
      continue;
    }
    RacePlan& race = plan.races[mapped->second];
    if (Poco::trim(row.bib).empty()) {
      ++plan.withoutBib;
    } else if (race.started) {
      ++race.notPushed;
    } else {
      AthletePush push{row, athleteFor(row), "", false};
      push.hash = athleteHash(race.id, push.athlete);
      if (listed[mapped->second]) {
        planFromListing(std::move(push), race, held[mapped->second], pushed, plan);
      } else {
        planFromRecords(std::move(push), race, pushed, plan);
      }
    }
  }
  for (std::size_t i = 0; i < plan.races.size(); ++i) {
    if (!listed[i]) continue;
    planRemovals(plan.races[i], remote->byRace.at(plan.races[i].id), active, raceOf, *remote,
                 plan.races);
  }
  return plan;
}

std::vector<std::string> describe(const RaceRangerPlan& plan) {
  std::vector<std::string> lines;
  for (const auto& race : plan.races) {
    if (race.started) {
      lines.push_back("skip " + race.label() + ": it is " + toString(race.status));
      continue;
    }
    for (const auto& removal : race.removals) {
      lines.push_back("remove athlete " + removal.registrationId + " (number " + removal.number +
                      ") from " + race.label() + ": " + removal.reason);
    }
    if (!race.pushes.empty()) {
      lines.push_back("create " + std::to_string(race.creates()) + " and update " +
                      std::to_string(race.updates()) + " athletes in " + race.label());
    }
  }
  return lines;
}

std::vector<std::string> startedNotes(const RaceRangerPlan& plan) {
  std::vector<std::string> notes;
  for (const auto& race : plan.races) {
    if (!race.started) continue;
    notes.push_back(race.label() + " is " + toString(race.status) + ": " +
                    std::to_string(race.notPushed) + " athletes not pushed");
  }
  return notes;
}

Problem removalProblem(const RacePlan& race, const AthleteRemoval& removal, const std::string& why,
                       const std::string& fix) {
  Problem problem;
  problem.step = kStep;
  problem.registrationId = removal.registrationId;
  problem.code = "athlete_not_removed";
  problem.message = "registration " + removal.registrationId + ": athlete " + removal.number +
                    " is still in " + race.label() + " (" + removal.reason + "): " + why;
  problem.hint = fix;
  return problem;
}

Problem rejectionProblem(const AthleteCandidate& registrant, const std::string& number,
                         const std::string& code, const std::string& message) {
  return rowProblem(registrant, code,
                    "RaceRanger rejected athlete " + number + ": " + code + ": " + message,
                    "fix the registration and run again");
}

}  // namespace racesync
