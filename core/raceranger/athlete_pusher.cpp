#include "core/raceranger/athlete_pusher.h"

#include <algorithm>
#include <map>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/run/progress.h"
#include "core/store/athlete_records.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

const char* const kStep = "raceranger";

}  // namespace

AthletePusher::AthletePusher(RaceRangerClient& client, const RaceRangerConfig& config,
                             AthleteRecords& records, RunContext& context)
    : client_(client),
      config_(config),
      records_(records),
      context_(context),
      batchSize_(static_cast<std::size_t>(config.batchSize)) {}

PushTally AthletePusher::apply(const RaceRangerPlan& plan, StepResult& result) {
  checkedAt_ = isoUtc(context_.clock.nowMs());
  recordPlan(plan);
  if (plan.pushes() + plan.removals() > 0) generation_ = records_.nextPushGeneration();
  context_.progress.stepStarted(kStep, plan.pushes());
  for (const auto& race : plan.races) {
    long long removed = removeFrom(race);
    created_ = 0;
    if (!race.started) pushRace(race, result);
    if (race.held >= 0) {
      context_.store.transact([&] { records_.setHeld(race.id, race.held + created_ - removed); });
    }
  }
  return tally_;
}

void AthletePusher::recordPlan(const RaceRangerPlan& plan) {
  StateStore& store = context_.store;
  store.transact([&] {
    replaceProblems(store, context_.runId, kStep, plan.problems);
    for (const auto& race : plan.races) {
      std::string note =
          race.started ? std::string("not pushed: race is ") + toString(race.status) : "";
      records_.putRace({race.id, race.name, race.status, checkedAt_, note});
      for (const auto& push : race.confirmed) {
        records_.put({push.registrant.id, race.id, push.hash, AthleteOutcome::kUnchanged, "", "",
                      checkedAt_});
      }
    }
  });
}

void AthletePusher::pushRace(const RacePlan& race, StepResult& result) {
  std::size_t next = 0;
  while (next < race.pushes.size()) {
    std::size_t size = std::min(batchSize_, race.pushes.size() - next);
    std::vector<RaceRangerAthleteFields> athletes;
    for (std::size_t i = next; i < next + size; ++i) athletes.push_back(race.pushes[i].athlete);
    std::string body = importBody(athletes);
    ImportAnswer answer =
        client_.importAthletes(race.id, body, idempotencyKeyFor(race.id, body, generation_));
    if (answer.kind == ImportAnswer::Kind::kTooLarge) {
      if (size == 1) {
        throw RemoteError("POST " + client_.path(config_.importPath, race.id) + ": " +
                          answer.message + ": even one athlete is too large: check the data");
      }
      batchSize_ = size / 2;
      continue;
    }
    if (answer.kind == ImportAnswer::Kind::kRaceStarted) {
      stopRace(race, next, answer, result);
      return;
    }
    storeBatch(race, next, size, answer);
    next += size;
    context_.progress.advanced(race.label() + ": " + std::to_string(next) + "/" +
                               std::to_string(race.pushes.size()));
  }
}

void AthletePusher::storeBatch(const RacePlan& race, std::size_t first, std::size_t size,
                               const ImportAnswer& answer) {
  std::map<int, const ImportAnswer::RowError*> errors;
  for (const auto& error : answer.errors) errors[error.index] = &error;
  std::string at = isoUtc(context_.clock.nowMs());
  std::vector<Problem> problems;
  PushTally batch;
  context_.store.transact([&] {
    for (std::size_t i = 0; i < size; ++i) {
      const AthletePush& push = race.pushes[first + i];
      AthleteRecord record{
          push.registrant.id, race.id, push.hash, AthleteOutcome::kCreated, "", "", at};
      auto error = errors.find(static_cast<int>(i));
      if (error != errors.end()) {
        record.outcome = AthleteOutcome::kRejected;
        record.code = error->second->code;
        record.message = error->second->message;
        problems.push_back(
            rejectionProblem(push.registrant, push.athlete.number, record.code, record.message));
        ++batch.rejected;
      } else if (push.update) {
        record.outcome = AthleteOutcome::kUpdated;
        ++batch.updated;
      } else {
        ++batch.created;
      }
      records_.put(record);
    }
    addProblems(context_.store, context_.runId, kStep, problems);
  });
  tally_.created += batch.created;
  created_ += batch.created;
  tally_.updated += batch.updated;
  tally_.rejected += batch.rejected;
}

long long AthletePusher::removeFrom(const RacePlan& race) {
  long long removed = 0;
  std::vector<Problem> problems;
  for (const auto& removal : race.removals) {
    if (race.started) {
      problems.push_back(
          removalProblem(race, removal, "the race is " + std::string(toString(race.status)),
                         "remove the athlete in the RaceRanger app if that is still wanted"));
      continue;
    }
    DeleteAnswer answer = client_.deleteAthlete(
        race.id, removal.registrationId,
        idempotencyKeyFor(race.id, "DELETE " + removal.registrationId, generation_));
    if (answer.kind == DeleteAnswer::Kind::kDeleted || answer.kind == DeleteAnswer::Kind::kAbsent) {
      ++removed;
      if (removal.withdrawn)
        context_.store.transact([&] { records_.remove(removal.registrationId); });
      continue;
    }
    bool started = answer.kind == DeleteAnswer::Kind::kRaceStarted;
    problems.push_back(removalProblem(
        race, removal, answer.message,
        started ? "remove the athlete in the RaceRanger app if that is still wanted"
                : "add scope write:athletes for this race to the key (Organizations, Edit "
                  "organization, API keys), then run again"));
  }
  tally_.removed += removed;
  tally_.notRemoved += static_cast<long long>(problems.size());
  if (!problems.empty()) {
    context_.store.transact([&] { addProblems(context_.store, context_.runId, kStep, problems); });
  }
  return removed;
}

void AthletePusher::stopRace(const RacePlan& race, std::size_t next, const ImportAnswer& answer,
                             StepResult& result) {
  long long left = static_cast<long long>(race.pushes.size() - next);
  tally_.raceStarted += left;
  std::string note = race.label() + " has started (" + answer.message +
                     "): " + std::to_string(left) + " athletes not pushed";
  result.note(note);
  context_.progress.warning(std::string(kStep) + ": " + note);
  context_.store.transact([&] {
    records_.putRace(
        {race.id, race.name, RaceStatus::kStarted, checkedAt_, "not pushed: race_started"});
  });
}

}  // namespace racesync
