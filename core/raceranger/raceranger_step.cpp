#include "core/raceranger/raceranger_step.h"

#include <Poco/String.h>

#include <algorithm>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/raceranger/athlete_pusher.h"
#include "core/raceranger/raceranger_client.h"
#include "core/raceranger/raceranger_plan.h"
#include "core/raceranger/read_back_plan.h"
#include "core/run/progress.h"
#include "core/store/athlete_records.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

const char* const kStep = "raceranger";

// raceranger.races.<race name as in the registrations> = <race id>, in the file's order.
std::vector<RaceMapping> readRaceMapping(const Settings& settings) {
  std::vector<RaceMapping> mapping;
  for (const auto& name : settings.keysUnder("raceranger.races")) {
    mapping.push_back({name, Poco::trim(settings.required("raceranger.races." + name))});
  }
  return mapping;
}

void countInto(StepResult& result, const RaceRangerPlan& plan, const PushTally& tally,
               long long requests) {
  result.count("registrants", plan.registrants);
  result.count("created", tally.created);
  result.count("updated", tally.updated);
  result.count("unchanged", plan.unchanged);
  result.count("rejected", plan.rejected + tally.rejected);
  result.count("without_bib", plan.withoutBib);
  result.count("unmapped", plan.unmapped);
  result.count("race_started", plan.notPushed() + tally.raceStarted);
  result.count("removed", tally.removed);
  result.count("not_removed", tally.notRemoved);
  result.count("requests", requests);
}

// The mapped races the listing has, once each, in the mapping's order, with what the store
// remembers of them.
std::vector<RaceReadBack> readBackInput(const std::vector<RaceMapping>& mapping,
                                        const std::vector<RaceRangerRace>& listing,
                                        const std::map<std::string, AthleteRecord>& pushed,
                                        AthleteRecords& records) {
  std::map<std::string, long long> inRace;
  for (const auto& [id, record] : pushed) {
    if (record.outcome != AthleteOutcome::kRejected) ++inRace[record.raceId];
  }
  const std::map<std::string, std::string> memos = records.readBackMemos();
  std::vector<RaceReadBack> races;
  for (const auto& entry : mapping) {
    bool listed = std::any_of(listing.begin(), listing.end(),
                              [&](const RaceRangerRace& r) { return r.id == entry.raceId; });
    bool seen = std::any_of(races.begin(), races.end(),
                            [&](const RaceReadBack& r) { return r.raceId == entry.raceId; });
    if (!listed || seen) continue;
    RaceReadBack race;
    race.raceId = entry.raceId;
    race.records = inRace[entry.raceId];
    auto memo = memos.find(entry.raceId);
    if (memo != memos.end()) parseReadBackMemo(memo->second, race);
    races.push_back(race);
  }
  return races;
}

// The label of listed race `id` (readBackInput keeps listed races only).
std::string listedLabel(const std::vector<RaceRangerRace>& listing, const std::string& id) {
  auto race = std::find_if(listing.begin(), listing.end(),
                           [&](const RaceRangerRace& r) { return r.id == id; });
  return raceLabel(race != listing.end() ? race->name : "", id);
}

// What the run says of a race it left to the records.
std::string trustedNote(const std::string& label, const RaceReadBack& race,
                        const ReadBackDecision& decision, const ReadBackPolicy& policy) {
  std::string note =
      label + ": not read back this run (about " + std::to_string(decision.estimate) +
      " listing requests, over raceranger.read_back_budget = " + std::to_string(policy.budget) +
      "); racesync's records of " + std::to_string(race.records) + " athletes stand in for it";
  if (race.lastMs >= 0) note += "; last read back " + isoUtc(race.lastMs);
  if (policy.everyMs > 0) {
    note += race.lastMs >= 0 ? ", read back in full at " + isoUtc(race.lastMs + policy.everyMs)
                             : ", read back in full by the next run";
    note += " (raceranger.read_back_every_hours)";
  }
  return note;
}

// Reads back into `remote` the mapped races the read-back plan picks (read_back_plan.h) and
// remembers each reading (not in a dry run); the others are left to the records, with a note.
void readBack(RaceRangerClient& client, const std::vector<RaceMapping>& mapping,
              const std::vector<RaceRangerRace>& listing,
              const std::map<std::string, AthleteRecord>& pushed, AthleteRecords& records,
              RunContext& context, RemoteAthletes& remote, StepResult& result) {
  ReadBackPolicy policy;
  policy.budget = context.settings.integer("raceranger.read_back_budget");
  policy.everyMs = context.settings.integer("raceranger.read_back_every_hours") * 3600 * 1000;
  const std::vector<RaceReadBack> races = readBackInput(mapping, listing, pushed, records);
  const long long nowMs = context.clock.nowMs();
  const std::vector<ReadBackDecision> decisions = planReadBack(races, policy, nowMs);
  for (std::size_t i = 0; i < races.size(); ++i) {
    const std::string label = listedLabel(listing, races[i].raceId);
    if (!decisions[i].read) {
      result.note(trustedNote(label, races[i], decisions[i], policy));
      continue;
    }
    const long long before = client.requestCount();
    auto& athletes = remote.byRace[races[i].raceId] = client.listAthletes(races[i].raceId);
    const long long pages = client.requestCount() - before;
    if (decisions[i].due) {
      result.note(label + ": read back in full (" + std::to_string(pages) +
                  " requests, over raceranger.read_back_budget): its last reading was older than "
                  "raceranger.read_back_every_hours");
    }
    if (context.options.dryRun) continue;
    const std::string memo = readBackMemo(nowMs, pages, static_cast<long long>(athletes.size()));
    context.store.transact([&] { records.putReadBackMemo(races[i].raceId, memo); });
  }
}

// A race left to the records holds what its last reading and the pushes since left in it.
void heldFromRecords(RaceRangerPlan& plan, AthleteRecords& records) {
  const std::map<std::string, long long> held = records.heldByRaceId();
  for (auto& race : plan.races) {
    if (race.held >= 0) continue;
    auto found = held.find(race.id);
    if (found != held.end()) race.held = found->second;
  }
}

}  // namespace

RaceRangerStep::RaceRangerStep(std::uint32_t seed) : seed_(seed) {}

StepResult RaceRangerStep::run(RunContext& context) {
  // Read: the settings, RaceRanger's races, the store.
  RaceRangerConfig config = RaceRangerConfig::fromSettings(context.settings);
  std::vector<RaceMapping> mapping = readRaceMapping(context.settings);
  RaceRangerClient client(config, context.http, context.clock, seed_);
  std::vector<RaceRangerRace> listing = client.listRaces();
  AthleteRecords records(context.store);
  std::map<std::string, AthleteRecord> pushed = records.athletes();

  // RaceRanger is the truth: what each mapped race holds now, as far as the read-back budget
  // goes; the records stand in for the rest.
  StepResult result;
  RemoteAthletes remote;
  remote.known = records.knownIds();
  readBack(client, mapping, listing, pushed, records, context, remote, result);

  // Plan, then print it (dry run) or carry it out.
  RaceRangerPlan plan =
      planRaceRangerPush(config.eventId, mapping, listing, records.candidates(), pushed, &remote);
  heldFromRecords(plan, records);
  for (const auto& note : startedNotes(plan)) {
    result.note(note);
    context.progress.warning(std::string(kStep) + ": " + note);
  }
  if (context.options.dryRun) {
    for (const auto& line : describe(plan)) context.plan.add(kStep, line);
    countInto(result, plan, PushTally{}, client.requestCount());
    return result;
  }
  PushTally tally = AthletePusher(client, config, records, context).apply(plan, result);
  countInto(result, plan, tally, client.requestCount());
  context.progress.stepFinished(
      kStep, std::to_string(tally.created) + " created, " + std::to_string(tally.updated) +
                 " updated, " + std::to_string(tally.removed) + " removed, " +
                 std::to_string(plan.unchanged) + " unchanged, " +
                 std::to_string(plan.rejected + tally.rejected) + " rejected");
  return result;
}

}  // namespace racesync
