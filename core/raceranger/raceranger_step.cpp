#include "core/raceranger/raceranger_step.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <algorithm>
#include <map>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/raceranger/raceranger_athlete.h"
#include "core/raceranger/raceranger_client.h"
#include "core/run/progress.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

namespace {

const char* const kStep = "raceranger";

struct StoredAthlete {
  std::string raceId;
  std::string hash;
  std::string outcome;  // created | updated | unchanged | rejected
  std::string code;
  std::string message;
};

struct Pending {
  RegistrantRow row;
  RaceRangerAthleteFields athlete;
  std::string hash;
  bool pushedBefore = false;  // RaceRanger holds an earlier version in this race
};

// One RaceRanger race this run pushes to, and what it will push.
struct RacePlan {
  std::string id;
  std::string name;    // RaceRanger's name of the race
  std::string status;  // as listed; "started" after a 409 race_started
  bool started = false;
  long long notPushed = 0;  // registrants held back because the race started
  std::vector<Pending> pending;
};

std::vector<RegistrantRow> loadRegistrants(StateStore& store) {
  Poco::Data::Statement select(store.session());
  select << "SELECT id, bib, first_name, last_name, name, race, gender, age_group, team, country, "
            "source, line FROM registrants WHERE status = 'active' ORDER BY id";
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<RegistrantRow> result;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    RegistrantRow r;
    r.id = rows["id"].convert<std::string>();
    r.bib = rows["bib"].convert<std::string>();
    r.firstName = rows["first_name"].convert<std::string>();
    r.lastName = rows["last_name"].convert<std::string>();
    r.name = rows["name"].convert<std::string>();
    r.race = rows["race"].convert<std::string>();
    r.gender = rows["gender"].convert<std::string>();
    r.ageGroup = rows["age_group"].convert<std::string>();
    r.team = rows["team"].convert<std::string>();
    r.country = rows["country"].convert<std::string>();
    r.source = rows["source"].convert<std::string>();
    r.line = rows["line"].convert<int>();
    result.push_back(std::move(r));
  }
  return result;
}

std::map<std::string, StoredAthlete> loadAthletes(StateStore& store) {
  Poco::Data::Statement select(store.session());
  select << "SELECT registration_id, race_id, content_hash, outcome, code, message FROM athletes";
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::map<std::string, StoredAthlete> result;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    result[rows["registration_id"].convert<std::string>()] = {
        rows["race_id"].convert<std::string>(), rows["content_hash"].convert<std::string>(),
        rows["outcome"].convert<std::string>(), rows["code"].convert<std::string>(),
        rows["message"].convert<std::string>()};
  }
  return result;
}

void storeAthlete(StateStore& store, const std::string& registrationId, const std::string& raceId,
                  const std::string& hash, const std::string& outcome, const std::string& code,
                  const std::string& message, const std::string& at) {
  std::string id = registrationId, race = raceId, h = hash, o = outcome, c = code, m = message,
              t = at;
  store.session() << "INSERT INTO athletes (registration_id, race_id, content_hash, outcome, code, "
                     "message, pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT(registration_id) DO UPDATE SET race_id = excluded.race_id, "
                     "content_hash = excluded.content_hash, outcome = excluded.outcome, "
                     "code = excluded.code, message = excluded.message, "
                     "pushed_at = excluded.pushed_at",
      use(id), use(race), use(h), use(o), use(c), use(m), use(t), now;
}

void storeRace(StateStore& store, const RacePlan& plan, const std::string& note,
               const std::string& at) {
  std::string id = plan.id, name = plan.name, status = plan.status, n = note, t = at;
  store.session() << "INSERT INTO races (race_id, name, status, checked_at, note) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT(race_id) DO UPDATE SET "
                     "name = excluded.name, status = excluded.status, "
                     "checked_at = excluded.checked_at, note = excluded.note",
      use(id), use(name), use(status), use(t), use(n), now;
}

// "registrations.csv:12: " or "registration R-17: ": where a row-level problem is.
std::string placeOf(const RegistrantRow& row) {
  if (!row.source.empty() && row.line > 0) {
    return Poco::Path(row.source).getFileName() + ":" + std::to_string(row.line) + ": ";
  }
  return "registration " + row.id + ": ";
}

Problem rowProblem(const RegistrantRow& row, const std::string& code, const std::string& message,
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

Problem rejection(const RegistrantRow& row, const std::string& number, const std::string& code,
                  const std::string& message) {
  return rowProblem(row, code,
                    "RaceRanger rejected athlete " + number + ": " + code + ": " + message,
                    "fix the registration and run again");
}

std::string key(const std::string& text) { return Poco::toLower(Poco::trim(text)); }

std::string listing(const std::vector<RaceRangerRace>& races) {
  std::string text;
  for (const auto& race : races) {
    if (!text.empty()) text += ", ";
    text += race.id + " '" + race.name + "' (" + race.status + ")";
  }
  return text;
}

std::string raceLabel(const RacePlan& plan) { return "race '" + plan.name + "' (" + plan.id + ")"; }

}  // namespace

RaceRangerStep::RaceRangerStep(std::uint32_t seed) : seed_(seed) {}

StepResult RaceRangerStep::run(RunContext& context) {
  const Settings& settings = context.settings;
  RaceRangerConfig config = RaceRangerConfig::fromSettings(settings);
  std::vector<std::pair<std::string, std::string>> mapping;  // race name as in the CSV, race id
  for (const auto& name : settings.keysUnder("raceranger.races")) {
    mapping.emplace_back(name, Poco::trim(settings.required("raceranger.races." + name)));
  }
  RaceRangerClient client(config, context.http, context.clock, seed_);
  std::vector<RaceRangerRace> races = client.listRaces();
  if (mapping.empty()) {
    throw ConfigurationError(
        "raceranger.races: no race of the registrations is mapped to a RaceRanger race: add one "
        "line per race, raceranger.races.<race name as in the registrations> = <race id>; event " +
        config.eventId + " has " + (races.empty() ? "no races yet" : listing(races)));
  }

  std::map<std::string, RacePlan> plans;      // by race id
  std::vector<std::string> order;             // race ids in mapping order
  std::map<std::string, std::string> raceOf;  // key(race name) -> race id
  for (const auto& [name, id] : mapping) {
    auto race = std::find_if(races.begin(), races.end(), [&](const auto& r) { return r.id == id; });
    if (race == races.end()) {
      throw ConfigurationError("raceranger.races." + name + ": '" + id +
                               "' is not a race of event " + config.eventId + ": choose one of " +
                               (races.empty() ? "none (the event has no races)" : listing(races)));
    }
    raceOf[key(name)] = id;
    if (plans.count(id)) continue;
    RacePlan& plan = plans[id];
    plan.id = id;
    plan.name = race->name;
    plan.status = race->status;
    plan.started = race->status == "active" || race->status == "ended";
  }

  for (const auto& race : races) {
    if (plans.count(race.id)) order.push_back(race.id);
  }

  StepResult result;
  std::vector<Problem> problems;
  std::map<std::string, StoredAthlete> stored = loadAthletes(context.store);
  std::vector<RegistrantRow> registrants = loadRegistrants(context.store);
  long long withoutBib = 0, unmapped = 0, unchanged = 0, rejected = 0, created = 0, updated = 0;
  for (const auto& row : registrants) {
    auto mapped = raceOf.find(key(row.race));
    if (mapped == raceOf.end()) {
      ++unmapped;
      problems.push_back(
          rowProblem(row, "unmapped_race",
                     row.race.empty() ? "no race given, so no RaceRanger race to push to"
                                      : "race '" + row.race + "' has no RaceRanger race",
                     "add raceranger.races." + (row.race.empty() ? "<race>" : row.race) +
                         " = <race id> to the configuration"));
      continue;
    }
    RacePlan& plan = plans[mapped->second];
    if (Poco::trim(row.bib).empty()) {
      ++withoutBib;
      continue;
    }
    if (plan.started) {
      ++plan.notPushed;
      continue;
    }
    Pending pending{row, athleteFor(row), "", false};
    pending.hash = athleteHash(plan.id, pending.athlete);
    auto before = stored.find(row.id);
    if (before != stored.end() && before->second.raceId == plan.id) {
      if (before->second.hash == pending.hash) {
        // Pushed as it is now; a rejected one stays rejected until the registration changes.
        if (before->second.outcome == "rejected") {
          ++rejected;
          problems.push_back(
              rejection(row, pending.athlete.number, before->second.code, before->second.message));
        } else {
          ++unchanged;
        }
        continue;
      }
      pending.pushedBefore = before->second.outcome != "rejected";
    }
    plan.pending.push_back(std::move(pending));
  }

  long long notPushed = 0;
  for (const auto& id : order) notPushed += plans[id].notPushed;
  auto finish = [&] {
    result.count("registrants", static_cast<long long>(registrants.size()));
    result.count("created", created);
    result.count("updated", updated);
    result.count("unchanged", unchanged);
    result.count("rejected", rejected);
    result.count("without_bib", withoutBib);
    result.count("unmapped", unmapped);
    result.count("race_started", notPushed);
    result.count("requests", client.requestCount());
    return result;
  };
  for (const auto& id : order) {
    const RacePlan& plan = plans[id];
    if (!plan.started) continue;
    std::string note = raceLabel(plan) + " is " + plan.status + ": " +
                       std::to_string(plan.notPushed) + " athletes not pushed";
    result.note(note);
    context.progress.warning(std::string(kStep) + ": " + note);
  }

  if (context.options.dryRun) {
    for (const auto& id : order) {
      const RacePlan& plan = plans[id];
      if (plan.started) {
        context.plan.add(kStep, "skip " + raceLabel(plan) + ": it is " + plan.status);
        continue;
      }
      if (plan.pending.empty()) continue;
      auto updates = std::count_if(plan.pending.begin(), plan.pending.end(),
                                   [](const Pending& p) { return p.pushedBefore; });
      auto creates = static_cast<long long>(plan.pending.size()) - updates;
      context.plan.add(kStep, "create " + std::to_string(creates) + " and update " +
                                  std::to_string(updates) + " athletes in " + raceLabel(plan));
    }
    return finish();
  }

  StateStore& store = context.store;
  std::string checkedAt = isoUtc(context.clock.nowMs());
  store.transact([&] {
    replaceProblems(store, context.runId, kStep, problems);
    for (const auto& id : order) {
      const RacePlan& plan = plans[id];
      storeRace(store, plan, plan.started ? "not pushed: race is " + plan.status : "", checkedAt);
    }
  });

  long long total = 0;
  for (const auto& id : order) total += static_cast<long long>(plans[id].pending.size());
  context.progress.stepStarted(kStep, total);
  std::size_t batchSize = static_cast<std::size_t>(config.batchSize);
  for (const auto& id : order) {
    RacePlan& plan = plans[id];
    std::size_t next = 0;
    while (!plan.started && next < plan.pending.size()) {
      std::size_t size = std::min(batchSize, plan.pending.size() - next);
      std::vector<RaceRangerAthleteFields> athletes;
      for (std::size_t i = next; i < next + size; ++i) athletes.push_back(plan.pending[i].athlete);
      std::string body = importBody(athletes);
      ImportAnswer answer = client.importAthletes(plan.id, body, idempotencyKeyFor(plan.id, body));
      if (answer.kind == ImportAnswer::Kind::kTooLarge) {
        if (size == 1) {
          throw RemoteError("POST " + client.path(config.importPath, plan.id) + ": " +
                            answer.message + ": even one athlete is too large: check the data");
        }
        batchSize = size / 2;
        continue;
      }
      if (answer.kind == ImportAnswer::Kind::kRaceStarted) {
        plan.started = true;
        plan.status = "started";
        long long left = static_cast<long long>(plan.pending.size() - next);
        notPushed += left;
        std::string note = raceLabel(plan) + " has started (" + answer.message +
                           "): " + std::to_string(left) + " athletes not pushed";
        result.note(note);
        context.progress.warning(std::string(kStep) + ": " + note);
        store.transact([&] { storeRace(store, plan, "not pushed: race_started", checkedAt); });
        break;
      }
      std::map<int, const ImportAnswer::RowError*> errors;
      for (const auto& error : answer.errors) errors[error.index] = &error;
      std::string at = isoUtc(context.clock.nowMs());
      std::vector<Problem> batchProblems;
      store.transact([&] {
        for (std::size_t i = 0; i < size; ++i) {
          const Pending& p = plan.pending[next + i];
          auto error = errors.find(static_cast<int>(i));
          if (error != errors.end()) {
            storeAthlete(store, p.row.id, plan.id, p.hash, "rejected", error->second->code,
                         error->second->message, at);
            batchProblems.push_back(
                rejection(p.row, p.athlete.number, error->second->code, error->second->message));
          } else {
            storeAthlete(store, p.row.id, plan.id, p.hash, p.pushedBefore ? "updated" : "created",
                         "", "", at);
          }
        }
        addProblems(store, context.runId, kStep, batchProblems);
      });
      for (std::size_t i = 0; i < size; ++i) {
        if (errors.count(static_cast<int>(i))) {
          ++rejected;
        } else if (plan.pending[next + i].pushedBefore) {
          ++updated;
        } else {
          ++created;
        }
      }
      next += size;
      context.progress.advanced(raceLabel(plan) + ": " + std::to_string(next) + "/" +
                                std::to_string(plan.pending.size()));
    }
  }
  finish();
  context.progress.stepFinished(kStep, std::to_string(created) + " created, " +
                                           std::to_string(updated) + " updated, " +
                                           std::to_string(unchanged) + " unchanged, " +
                                           std::to_string(rejected) + " rejected");
  return result;
}

}  // namespace racesync
