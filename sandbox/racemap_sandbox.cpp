#include "sandbox/racemap_sandbox.h"

#include <Poco/JSONString.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <sstream>
#include <stdexcept>

namespace racesync::sandbox {
namespace {

std::string quoted(const std::string& text) {
  std::ostringstream out;
  Poco::toJSON(text, out, Poco::JSON_WRAP_STRINGS);
  return out.str();
}

Response error(int status, const std::string& code, const std::string& message) {
  return Response::json(status, "{\"error\": {\"code\": " + quoted(code) +
                                    ", \"message\": " + quoted(message) + "}}");
}

// "/api/events/E/starters" -> {"api", "events", "E", "starters"}
std::vector<std::string> segments(const std::string& path) {
  Poco::StringTokenizer tokens(path, "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  return std::vector<std::string>(tokens.begin(), tokens.end());
}

}  // namespace

RacemapSandbox::RacemapSandbox(std::string token, std::string userId, unsigned seed)
    : token_(std::move(token)),
      userId_(std::move(userId)),
      random_(seed != 0 ? seed : std::random_device{}()) {}

void RacemapSandbox::addEvent(const std::string& id, const std::string& name,
                              const std::string& owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  Event& event = events_[id];
  event.name = name;
  event.owner = owner.empty() ? userId_ : owner;
}

void RacemapSandbox::addKeys(const std::string& eventId, const std::vector<std::string>& keys) {
  std::lock_guard<std::mutex> lock(mutex_);
  Event& event = events_.at(eventId);
  for (const auto& key : keys) {
    if (event.keySet.insert(key).second) event.keys.push_back(key);
  }
}

void RacemapSandbox::addStarter(const std::string& eventId, const RacemapStarter& starter) {
  std::lock_guard<std::mutex> lock(mutex_);
  Event& event = events_.at(eventId);
  RacemapStarter added = starter;
  if (added.id.empty()) added.id = "starter-" + std::to_string(event.starters.size() + 1);
  if (!added.key.empty() && event.keySet.insert(added.key).second) {
    event.keys.push_back(added.key);
  }
  event.starters.push_back(added);
}

void RacemapSandbox::setKeyListShape(KeyListShape shape) {
  std::lock_guard<std::mutex> lock(mutex_);
  shape_ = shape;
}

const RacemapSandbox::Event& RacemapSandbox::eventAt(const std::string& eventId) const {
  auto it = events_.find(eventId);
  if (it == events_.end()) throw std::out_of_range("racemap sandbox: no event '" + eventId + "'");
  return it->second;
}

std::vector<std::string> RacemapSandbox::keys(const std::string& eventId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return eventAt(eventId).keys;
}

std::vector<RacemapStarter> RacemapSandbox::starters(const std::string& eventId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return eventAt(eventId).starters;
}

int RacemapSandbox::generateCalls(const std::string& eventId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return eventAt(eventId).generateCalls;
}

int RacemapSandbox::keysGenerated(const std::string& eventId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return eventAt(eventId).keysGenerated;
}

bool RacemapSandbox::handles(const std::string& path) const { return path.rfind("/api/", 0) == 0; }

Response RacemapSandbox::handle(const Request& request) {
  if (request.header("Authorization") != "Bearer " + token_) {
    return error(401, "unauthorized", "missing or invalid token");
  }
  const std::vector<std::string> parts = segments(request.path);
  std::lock_guard<std::mutex> lock(mutex_);
  if (parts.size() == 2 && parts[1] == "inspect" && request.method == "GET") {
    return Response::json(200, "{\"userId\": " + quoted(userId_) + "}");
  }
  if (parts.size() < 3 || parts[1] != "events") return error(404, "not_found", "no such path");
  auto found = events_.find(parts[2]);
  if (found == events_.end()) return error(404, "not_found", "no event '" + parts[2] + "'");
  Event& event = found->second;
  if (event.owner != userId_) {
    return error(403, "forbidden", "this token may not see event '" + parts[2] + "'");
  }
  if (parts.size() == 3 && request.method == "GET") {
    return Response::json(200, "{\"id\": " + quoted(parts[2]) +
                                   ", \"name\": " + quoted(event.name) +
                                   ", \"startTime\": \"2026-06-01T08:00:00.000Z\", "
                                   "\"endTime\": \"2026-06-01T16:00:00.000Z\"}");
  }
  if (parts.size() == 5 && parts[3] == "actions" && parts[4] == "generate_starter_keys" &&
      (request.method == "POST" || request.method == "GET")) {
    return generate(event, request);
  }
  if (parts.size() == 4 && parts[3] == "starter_keys" && request.method == "GET") {
    return keyList(event);
  }
  if (parts.size() == 4 && parts[3] == "starters" && request.method == "GET") {
    return starterList(event);
  }
  return error(404, "not_found", "no such path");
}

std::string RacemapSandbox::newKey(const Event& event) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::uniform_int_distribution<int> pick(0, 35);
  for (;;) {
    std::string key;
    for (int i = 0; i < 6; ++i) key += kAlphabet[pick(random_)];
    if (event.keySet.count(key) == 0) return key;
  }
}

Response RacemapSandbox::generate(Event& event, const Request& request) {
  int count = 0;
  if (!Poco::NumberParser::tryParse(request.param("count"), count) || count < 1) {
    return error(400, "invalid_argument", "count must be a positive number");
  }
  if (count > kMaxKeysPerCall) {
    return error(400, "invalid_argument",
                 "count " + std::to_string(count) + " is above the limit of " +
                     std::to_string(kMaxKeysPerCall) + " keys per call");
  }
  std::string body = "[";
  for (int i = 0; i < count; ++i) {
    std::string key = newKey(event);
    event.keySet.insert(key);
    event.keys.push_back(key);
    body += (i ? ", " : "") + quoted(key);
  }
  ++event.generateCalls;
  event.keysGenerated += count;
  return Response::json(200, body + "]");
}

Response RacemapSandbox::keyList(const Event& event) const {
  if (event.listedShape != shape_) {
    event.listItems.clear();
    event.listedKeys = 0;
    event.listedShape = shape_;
  }
  for (; event.listedKeys < event.keys.size(); ++event.listedKeys) {
    if (event.listedKeys > 0) event.listItems += ", ";
    const std::string& key = event.keys[event.listedKeys];
    if (shape_ == KeyListShape::kStrings) {
      event.listItems += quoted(key);
    } else {
      event.listItems += "{\"key\": " + quoted(key) + ", \"createdAt\": \"2026-01-01T00:00:00Z\"}";
    }
  }
  return Response::json(200, "[" + event.listItems + "]");
}

Response RacemapSandbox::starterList(const Event& event) const {
  std::string body = "[";
  for (size_t i = 0; i < event.starters.size(); ++i) {
    const RacemapStarter& s = event.starters[i];
    if (i > 0) body += ", ";
    body += "{\"id\": " + quoted(s.id) + ", \"name\": " + quoted(s.name) +
            ", \"startNumber\": " + quoted(s.startNumber) + ", \"key\": " + quoted(s.key) +
            ", \"keyUsed\": " + (s.keyUsed ? "true" : "false") + ", \"integrations\": {" +
            (s.importId.empty() ? "" : "\"importId\": " + quoted(s.importId)) + "}}";
  }
  return Response::json(200, body + "]");
}

}  // namespace racesync::sandbox
