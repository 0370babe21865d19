#include "sandbox/raceranger_sandbox.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/base/clock.h"

namespace racesync::sandbox {

namespace {

constexpr std::int64_t kMinuteMs = 60 * 1000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
bool startsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

Poco::JSON::Object athleteJson(const RaceRangerAthlete& a) {
  Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
  object.set("externalId", a.externalId);
  object.set("number", a.number);
  object.set("firstName", a.firstName);
  object.set("lastName", a.lastName);
  if (a.gender.empty()) {
    object.set("gender", Poco::Dynamic::Var());
  } else {
    object.set("gender", a.gender);
  }
  object.set("ageGroup", a.ageGroup);
  object.set("team", a.team);
  object.set("country", a.country);
  return object;
}

}  // namespace

bool RaceRangerAthlete::operator==(const RaceRangerAthlete& o) const {
  return externalId == o.externalId && number == o.number && firstName == o.firstName &&
         lastName == o.lastName && gender == o.gender && ageGroup == o.ageGroup && team == o.team &&
         country == o.country;
}

RaceRangerSandbox::RaceRangerSandbox(Clock& clock) : clock_(clock) {}

std::string RaceRangerSandbox::stringify(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

Response RaceRangerSandbox::error(int status, const std::string& code, const std::string& message) {
  Poco::JSON::Object inner(Poco::JSON_PRESERVE_KEY_ORDER);
  inner.set("code", code);
  inner.set("message", message);
  Poco::JSON::Object outer;
  outer.set("error", inner);
  return Response::json(status, stringify(outer));
}

Response RaceRangerSandbox::forbidden(const std::string& message) {
  return error(403, "forbidden", message);
}

void RaceRangerSandbox::addKey(const std::string& token, const std::vector<std::string>& scopes,
                               const std::vector<std::string>& eventIds) {
  Key key;
  if (startsWith(token, "rr_e_")) {
    key.eventTier = true;
    if (eventIds.size() != 1) {
      throw std::invalid_argument("an event-scoped key is bound to exactly one event");
    }
    for (const auto& scope : scopes) {
      if (!startsWith(scope, "read:")) {
        throw std::invalid_argument("an event-scoped key cannot hold scope " + scope);
      }
    }
  } else if (!startsWith(token, "rr_o_") && !startsWith(token, kSandboxKeyPrefix)) {
    throw std::invalid_argument("a RaceRanger key starts with rr_o_ or rr_e_ (or sandbox-)");
  }
  key.scopes = scopes;
  key.eventIds = eventIds;
  std::lock_guard<std::mutex> lock(mutex_);
  keys_[token] = key;
}

void RaceRangerSandbox::addEvent(const std::string& eventId, const std::string& name,
                                 const std::string& dateFrom, bool isOver) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!events_.count(eventId)) eventOrder_.push_back(eventId);
  events_[eventId] = Event{name, dateFrom, isOver};
}

void RaceRangerSandbox::addRace(const std::string& eventId, const std::string& raceId,
                                const std::string& name, const std::string& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!events_.count(eventId)) throw std::invalid_argument("unknown event " + eventId);
  if (!races_.count(raceId)) raceOrder_.push_back(raceId);
  races_[raceId] = Race{eventId, name, status, {}, {}};
}

void RaceRangerSandbox::setRaceStatus(const std::string& raceId, const std::string& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  races_.at(raceId).status = status;
}

void RaceRangerSandbox::putAthlete(const std::string& raceId, const RaceRangerAthlete& athlete) {
  std::lock_guard<std::mutex> lock(mutex_);
  Race& race = races_.at(raceId);
  race.athletes[athlete.externalId] = athlete;
  race.numbers[athlete.number] = athlete.externalId;
}

void RaceRangerSandbox::setBatchCap(int cap) {
  std::lock_guard<std::mutex> lock(mutex_);
  batchCap_ = cap;
}

void RaceRangerSandbox::setRateLimits(int perMinute, int perHour) {
  std::lock_guard<std::mutex> lock(mutex_);
  perMinute_ = perMinute;
  perHour_ = perHour;
}

void RaceRangerSandbox::setPageSize(int size) {
  std::lock_guard<std::mutex> lock(mutex_);
  pageSize_ = size;
}

void RaceRangerSandbox::throttleNext(int count, int retryAfterSeconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  throttleCount_ = count;
  throttleSeconds_ = retryAfterSeconds;
}

std::vector<RaceRangerAthlete> RaceRangerSandbox::athletes(const std::string& raceId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<RaceRangerAthlete> result;
  auto race = races_.find(raceId);
  if (race == races_.end()) return result;
  for (const auto& entry : race->second.athletes) result.push_back(entry.second);
  return result;
}

int RaceRangerSandbox::writeCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return writes_;
}

int RaceRangerSandbox::deleteCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return deletes_;
}

int RaceRangerSandbox::replayCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return replayCount_;
}

std::vector<std::string> RaceRangerSandbox::idempotencyKeysSeen() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idempotencyKeys_;
}

int RaceRangerSandbox::rateLimitedCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rateLimited_;
}

int RaceRangerSandbox::requestsInLastMinute(const std::string& token) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto key = keys_.find(token);
  return key == keys_.end() ? 0 : inWindow(key->second.sent, clock_.nowMs(), kMinuteMs);
}

int RaceRangerSandbox::requestsInLastHour(const std::string& token) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto key = keys_.find(token);
  return key == keys_.end() ? 0 : inWindow(key->second.sent, clock_.nowMs(), kHourMs);
}

int RaceRangerSandbox::peakPerMinute() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return peakMinute_;
}

int RaceRangerSandbox::peakPerHour() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return peakHour_;
}

bool RaceRangerSandbox::handles(const std::string& path) const {
  return startsWith(path, "/v1/") || path == "/v1";
}

int RaceRangerSandbox::inWindow(const std::deque<std::int64_t>& sent, std::int64_t nowMs,
                                std::int64_t ms) {
  // A request sent at t counts while now - ms < t.
  return static_cast<int>(
      std::count_if(sent.begin(), sent.end(), [&](std::int64_t t) { return t > nowMs - ms; }));
}

void RaceRangerSandbox::rateHeaders(const Key& key, std::int64_t nowMs, Response& response) const {
  int minute = inWindow(key.sent, nowMs, kMinuteMs);
  int hour = inWindow(key.sent, nowMs, kHourMs);
  response.headers.emplace_back("X-RateLimit-Limit-Minute", std::to_string(perMinute_));
  response.headers.emplace_back("X-RateLimit-Limit-Hour", std::to_string(perHour_));
  response.headers.emplace_back("X-RateLimit-Remaining-Minute",
                                std::to_string(std::max(0, perMinute_ - minute)));
  response.headers.emplace_back("X-RateLimit-Remaining-Hour",
                                std::to_string(std::max(0, perHour_ - hour)));
}

bool RaceRangerSandbox::overLimit(Key& key, std::int64_t nowMs, Response& limited) {
  while (!key.sent.empty() && key.sent.front() <= nowMs - kHourMs) key.sent.pop_front();
  std::int64_t waitMs = 0;
  if (throttleCount_ > 0) {
    --throttleCount_;
    waitMs = std::int64_t{throttleSeconds_} * 1000;
  } else {
    auto wait = [&](int limit, std::int64_t windowMs) {
      if (inWindow(key.sent, nowMs, windowMs) < limit) return;
      std::int64_t leaving = key.sent[key.sent.size() - static_cast<std::size_t>(limit)];
      waitMs = std::max(waitMs, leaving + windowMs - nowMs);
    };
    wait(perMinute_, kMinuteMs);
    wait(perHour_, kHourMs);
  }
  if (waitMs > 0) {
    ++rateLimited_;
    limited = error(429, "rate_limited", "too many requests for this key: retry later");
    limited.headers.emplace_back("Retry-After", std::to_string((waitMs + 999) / 1000));
    rateHeaders(key, nowMs, limited);
    return true;
  }
  key.sent.push_back(nowMs);
  peakMinute_ = std::max(peakMinute_, inWindow(key.sent, nowMs, kMinuteMs));
  peakHour_ = std::max(peakHour_, inWindow(key.sent, nowMs, kHourMs));
  return false;
}

bool RaceRangerSandbox::holds(const Key& key, const std::string& scope) {
  return std::find(key.scopes.begin(), key.scopes.end(), scope) != key.scopes.end();
}

bool RaceRangerSandbox::reaches(const Key& key, const std::string& eventId) const {
  if (!events_.count(eventId)) return false;
  return key.eventIds.empty() ||
         std::find(key.eventIds.begin(), key.eventIds.end(), eventId) != key.eventIds.end();
}

Response RaceRangerSandbox::handle(const Request& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string authorization = request.header("Authorization");
  std::string token = startsWith(authorization, "Bearer ") ? authorization.substr(7) : "";
  auto key = keys_.find(token);
  if (key == keys_.end()) {
    return error(401, "unauthorized", "missing or invalid API key");
  }
  std::int64_t nowMs = clock_.nowMs();
  Response limited;
  if (overLimit(key->second, nowMs, limited)) return limited;

  Poco::StringTokenizer tokens(request.path, "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  std::vector<std::string> parts(tokens.begin(), tokens.end());
  Response response = route(request, token, key->second, parts);
  rateHeaders(key->second, nowMs, response);
  return response;
}

Response RaceRangerSandbox::route(const Request& request, const std::string& token, Key& key,
                                  const std::vector<std::string>& parts) {
  auto notFound = [] { return error(404, "not_found", "no such endpoint"); };
  if (parts.size() < 2 || parts[0] != "v1" || parts[1] != "events") return notFound();
  if (parts.size() == 2) return listEvents(request, key);
  const std::string& eventId = parts[2];
  if (!reaches(key, eventId)) return forbidden("this key cannot access event " + eventId);
  if (parts.size() == 3) return notFound();
  if (parts[3] != "races") return notFound();
  if (parts.size() == 4) return listRaces(request, key, eventId);
  const std::string& raceId = parts[4];
  auto race = races_.find(raceId);
  if (race == races_.end() || race->second.eventId != eventId) {
    return forbidden("this key cannot access race " + raceId + " of event " + eventId);
  }
  if (parts.size() == 7 && parts[5] == "athletes") {
    if (request.method != "DELETE") return error(405, "method_not_allowed", "use DELETE");
    return deleteAthlete(request, token, key, race->second, parts[6]);
  }
  if (parts.size() != 6) return notFound();
  if (parts[5] == "athletes") {
    if (request.method != "GET") return error(405, "method_not_allowed", "use GET");
    if (!holds(key, "read:athletes")) return forbidden("this key lacks scope read:athletes");
    return pageOfAthletes(race->second, request);
  }
  if (parts[5] == "athletes:import") {
    if (request.method != "POST") return error(405, "method_not_allowed", "use POST");
    return importAthletes(request, token, key, race->second);
  }
  return notFound();
}

Response RaceRangerSandbox::listEvents(const Request& request, const Key& key) const {
  if (request.method != "GET") return error(405, "method_not_allowed", "use GET");
  if (!holds(key, "read:events")) return forbidden("this key lacks scope read:events");
  std::vector<std::string> items;
  for (const auto& id : eventOrder_) {
    if (!reaches(key, id)) continue;
    const Event& event = events_.at(id);
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("id", id);
    object.set("name", event.name);
    object.set("dateFrom", event.dateFrom);
    object.set("isOver", event.isOver);
    items.push_back(stringify(object));
  }
  return page(items, request);
}

Response RaceRangerSandbox::listRaces(const Request& request, const Key& key,
                                      const std::string& eventId) const {
  if (request.method != "GET") return error(405, "method_not_allowed", "use GET");
  if (!holds(key, "read:races")) return forbidden("this key lacks scope read:races");
  std::vector<std::string> items;
  for (const auto& id : raceOrder_) {
    const Race& race = races_.at(id);
    if (race.eventId != eventId) continue;
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("id", id);
    object.set("name", race.name);
    object.set("status", race.status);
    items.push_back(stringify(object));
  }
  return page(items, request);
}

Response RaceRangerSandbox::page(const std::vector<std::string>& items,
                                 const Request& request) const {
  std::size_t offset = 0;
  std::string cursor = request.param("cursor");
  if (!cursor.empty()) {
    unsigned value = 0;
    if (cursor[0] != 'c' || !Poco::NumberParser::tryParseUnsigned(cursor.substr(1), value) ||
        value > items.size()) {
      return error(400, "invalid_argument", "unknown cursor");
    }
    offset = value;
  }
  std::size_t end = std::min(items.size(), offset + static_cast<std::size_t>(pageSize_));
  std::string body = "{\"data\": [";
  for (std::size_t i = offset; i < end; ++i) body += (i > offset ? ", " : "") + items[i];
  body += "], \"nextCursor\": ";
  body += end < items.size() ? "\"c" + std::to_string(end) + "\"" : "null";
  body += "}";
  return Response::json(200, body);
}

namespace {

std::string hex(const std::string& text) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) out += {kDigits[c >> 4], kDigits[c & 15]};
  return out;
}

bool unhex(const std::string& text, std::string& out) {
  if (text.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    unsigned value = 0;
    if (!Poco::NumberParser::tryParseHex(text.substr(i, 2), value)) return false;
    out += static_cast<char>(value);
  }
  return true;
}

}  // namespace

Response RaceRangerSandbox::pageOfAthletes(const Race& race, const Request& request) const {
  // The cursor names the last athlete of the page before ("a" and its externalId in hex): a page
  // costs only its own athletes. An offset into a list of every athlete made each of the 2,000
  // pages of a 200,000-athlete race cost all of them.
  auto from = race.athletes.begin();
  const std::string cursor = request.param("cursor");
  if (!cursor.empty()) {
    std::string last;
    if (cursor[0] != 'a' || !unhex(cursor.substr(1), last)) {
      return error(400, "invalid_argument", "unknown cursor");
    }
    from = race.athletes.upper_bound(last);
  }
  std::string body = "{\"data\": [";
  auto it = from;
  for (int n = 0; it != race.athletes.end() && n < pageSize_; ++it, ++n) {
    if (n > 0) body += ", ";
    body += stringify(athleteJson(it->second));
  }
  body += "], \"nextCursor\": ";
  body += it != race.athletes.end() ? "\"a" + hex(std::prev(it)->first) + "\"" : "null";
  body += "}";
  return Response::json(200, body);
}

}  // namespace racesync::sandbox
