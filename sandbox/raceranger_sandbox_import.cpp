// POST /v1/events/{eventId}/races/{raceId}/athletes:import of the RaceRanger sandbox: idempotency,
// the batch cap, race_started, per-row validation and the upsert by externalId.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "core/base/clock.h"
#include "sandbox/raceranger_sandbox.h"

namespace racesync::sandbox {

namespace {

constexpr std::int64_t kReplayMs = 24 * 60 * 60 * 1000;

// Reads one field of an imported athlete: a string, or null/absent for "". False when it is
// something else.
bool field(const Poco::JSON::Object& row, const std::string& name, std::string& value) {
  value.clear();
  if (!row.has(name) || row.isNull(name)) return true;
  Poco::Dynamic::Var var = row.get(name);
  if (!var.isString()) return false;
  value = var.extract<std::string>();
  return true;
}

// The "athletes" list of an import body, or null when the body is not {"athletes": [...]}.
Poco::JSON::Array::Ptr athletesOf(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var parsed = parser.parse(body);
    auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (object) return object->getArray("athletes");
  } catch (const Poco::Exception&) {
  }
  return nullptr;
}

// Reads one imported athlete into `a`; false with the rejection's code and message when it is
// not one RaceRanger takes (a taken number aside).
bool readAthlete(const Poco::JSON::Object::Ptr& row, RaceRangerAthlete& a, std::string& code,
                 std::string& message) {
  code = "invalid_argument";
  if (!row) return message = "an athlete must be an object", false;
  if (!field(*row, "externalId", a.externalId) || !field(*row, "number", a.number) ||
      !field(*row, "firstName", a.firstName) || !field(*row, "lastName", a.lastName) ||
      !field(*row, "gender", a.gender) || !field(*row, "ageGroup", a.ageGroup) ||
      !field(*row, "team", a.team) || !field(*row, "country", a.country)) {
    return message = "every field is a string (gender may be null)", false;
  }
  if (a.externalId.empty()) {
    return code = "missing_external_id", message = "externalId is empty", false;
  }
  if (a.number.empty()) return code = "missing_number", message = "number is empty", false;
  if (a.firstName.empty() && a.lastName.empty()) {
    return code = "missing_name", message = "firstName and lastName are both empty", false;
  }
  if (!a.gender.empty() && a.gender != "female" && a.gender != "male" && a.gender != "other") {
    return code = "invalid_gender", message = "gender must be female, male, other or null", false;
  }
  return true;
}

}  // namespace

std::optional<Response> RaceRangerSandbox::refuseWrite(const Request& request, const Key& key) {
  if (key.eventTier) {
    return forbidden("event-scoped keys are read-only: use an org key (rr_o_) with write:athletes");
  }
  if (!holds(key, "write:athletes")) return forbidden("this key lacks scope write:athletes");
  std::string idempotencyKey = request.header("Idempotency-Key");
  if (idempotencyKey.empty()) {
    return error(400, "missing_idempotency_key", "writes need an Idempotency-Key header");
  }
  idempotencyKeys_.push_back(idempotencyKey);
  return std::nullopt;
}

Response RaceRangerSandbox::importAthletes(const Request& request, const std::string& token,
                                           const Key& key, Race& race) {
  if (auto refusal = refuseWrite(request, key)) return *refusal;
  const std::string idempotencyKey = request.header("Idempotency-Key");
  std::int64_t nowMs = clock_.nowMs();
  std::string replayId = token + "\n" + idempotencyKey;
  Response response;
  if (replayed(replayId, request.body, nowMs, response)) return response;
  Poco::JSON::Array::Ptr rows = athletesOf(request.body);
  if (!rows) {
    response = error(422, "invalid_argument", "the body must be {\"athletes\": [...]}");
  } else if (static_cast<int>(rows->size()) > batchCap_) {
    response = error(413, "payload_too_large",
                     "at most " + std::to_string(batchCap_) + " athletes per import");
  } else if (race.status == "active" || race.status == "ended") {
    response = error(409, "race_started",
                     "race '" + race.name + "' has started, athletes can no longer be imported");
  } else {
    response = importRows(*rows, race);
    ++writes_;
  }
  replays_[replayId] = Replay{request.body, nowMs, response};
  return response;
}

Response RaceRangerSandbox::importRows(const Poco::JSON::Array& rows, Race& race) {
  int created = 0, updated = 0, unchanged = 0;
  Poco::JSON::Array errors;
  auto reject = [&](std::size_t index, const std::string& code, const std::string& message) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("index", static_cast<int>(index));
    item.set("code", code);
    item.set("message", message);
    errors.add(item);
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    RaceRangerAthlete a;
    std::string code, message;
    if (!readAthlete(rows.getObject(static_cast<unsigned>(i)), a, code, message)) {
      reject(i, code, message);
      continue;
    }
    auto holder = race.numbers.find(a.number);
    if (holder != race.numbers.end() && holder->second != a.externalId) {
      reject(i, "duplicate_number",
             "number " + a.number + " is taken by athlete " + holder->second);
      continue;
    }
    auto existing = race.athletes.find(a.externalId);
    if (existing == race.athletes.end()) {
      ++created;
      race.athletes[a.externalId] = a;
    } else if (existing->second == a) {
      ++unchanged;
    } else {
      ++updated;
      race.numbers.erase(existing->second.number);
      existing->second = a;
    }
    race.numbers[a.number] = a.externalId;
  }
  Poco::JSON::Object data(Poco::JSON_PRESERVE_KEY_ORDER);
  data.set("created", created);
  data.set("updated", updated);
  data.set("unchanged", unchanged);
  data.set("errors", errors);
  Poco::JSON::Object outer;
  outer.set("data", data);
  return Response::json(200, stringify(outer));
}

bool RaceRangerSandbox::replayed(const std::string& replayId, const std::string& body,
                                 std::int64_t nowMs, Response& response) {
  auto replay = replays_.find(replayId);
  if (replay == replays_.end() || replay->second.atMs + kReplayMs <= nowMs) return false;
  if (replay->second.body != body) {
    response =
        error(422, "idempotency_mismatch", "this Idempotency-Key was used with another body");
    return true;
  }
  ++replayCount_;
  response = replay->second.response;
  return true;
}

Response RaceRangerSandbox::deleteAthlete(const Request& request, const std::string& token,
                                          const Key& key, Race& race,
                                          const std::string& externalId) {
  if (auto refusal = refuseWrite(request, key)) return *refusal;
  const std::string idempotencyKey = request.header("Idempotency-Key");
  std::int64_t nowMs = clock_.nowMs();
  std::string replayId = token + "\n" + idempotencyKey;
  // The request's "body" for the replay check: the method and path, since a DELETE has none.
  std::string body = "DELETE " + request.path;
  Response response;
  if (replayed(replayId, body, nowMs, response)) return response;
  auto athlete = race.athletes.find(externalId);
  if (race.status == "active" || race.status == "ended") {
    response = error(409, "race_started",
                     "race '" + race.name + "' has started, athletes can no longer be removed");
  } else if (athlete == race.athletes.end()) {
    response = error(404, "not_found", "no athlete " + externalId + " in this race");
  } else {
    race.numbers.erase(athlete->second.number);
    race.athletes.erase(athlete);
    ++deletes_;
    response = Response::text(204, "");
  }
  replays_[replayId] = Replay{body, nowMs, response};
  return response;
}

}  // namespace racesync::sandbox
