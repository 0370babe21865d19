#include "core/raceranger/raceranger_step.h"

#include <Poco/String.h>

#include <algorithm>

#include "core/config/settings.h"
#include "core/raceranger/athlete_pusher.h"
#include "core/raceranger/raceranger_client.h"
#include "core/raceranger/raceranger_plan.h"
#include "core/run/progress.h"
#include "core/store/athlete_records.h"

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

  // RaceRanger is the truth: what each mapped race holds now.
  RemoteAthletes remote;
  remote.known = records.knownIds();
  for (const auto& entry : mapping) {
    bool listed = std::any_of(listing.begin(), listing.end(),
                              [&](const RaceRangerRace& r) { return r.id == entry.raceId; });
    if (listed && !remote.byRace.count(entry.raceId)) {
      remote.byRace[entry.raceId] = client.listAthletes(entry.raceId);
    }
  }

  // Plan, then print it (dry run) or carry it out.
  RaceRangerPlan plan =
      planRaceRangerPush(config.eventId, mapping, listing, records.candidates(), pushed, &remote);
  StepResult result;
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
