#include "core/racemap/racemap_client.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/links/redeem_link.h"

namespace racesync {
namespace {

const char* kTokenFix =
    "check RACEMAP_TOKEN: create an API token in RACEMAP (account settings) and export it as "
    "RACEMAP_TOKEN";

// A short, single-line excerpt of an error body for messages.
std::string excerpt(const std::string& body) {
  std::string text = body.substr(0, 200);
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return Poco::trim(text);
}

Poco::Dynamic::Var parseJson(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body);
}

// The array an answer holds: the top level, or under "data", "items", "keys" or "starters".
Poco::JSON::Array::Ptr arrayIn(const Poco::Dynamic::Var& value) {
  if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    return value.extract<Poco::JSON::Array::Ptr>();
  }
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto object = value.extract<Poco::JSON::Object::Ptr>();
    for (const char* name : {"data", "items", "keys", "starters"}) {
      if (object->has(name) && object->isArray(name)) return object->getArray(name);
    }
  }
  return nullptr;
}

std::string stringField(const Poco::JSON::Object::Ptr& object, const std::string& name) {
  if (!object->has(name)) return "";
  Poco::Dynamic::Var value = object->get(name);
  if (value.isEmpty()) return "";
  return value.convert<std::string>();
}

}  // namespace

RacemapConfig RacemapConfig::from(const Settings& settings) {
  RacemapConfig config;
  config.baseUrl = settings.text("racemap.base_url");
  while (!config.baseUrl.empty() && config.baseUrl.back() == '/') config.baseUrl.pop_back();
  config.eventId = settings.required("racemap.event_id", "the id of the event in RACEMAP");
  config.generateMethod = Poco::toUpper(settings.text("racemap.generate_method"));
  if (config.generateMethod != "POST" && config.generateMethod != "GET") {
    throw ConfigurationError("racemap.generate_method: '" + config.generateMethod +
                             "' is not supported: use POST or GET");
  }
  config.timeoutMs = static_cast<int>(settings.integer("racemap.timeout_ms"));
  config.token = settings.secret("RACEMAP_TOKEN", "a RACEMAP API token");
  return config;
}

RacemapClient::RacemapClient(HttpTransport& http, Clock& clock, RacemapConfig config)
    : http_(http), clock_(clock), config_(std::move(config)) {}

std::string RacemapClient::eventPath() const {
  return "/api/events/" + percentEncode(config_.eventId);
}

HttpResponse RacemapClient::call(const std::string& method, const std::string& pathAndQuery) {
  HttpRequest request;
  request.method = method;
  request.url = config_.baseUrl + pathAndQuery;
  request.headers.emplace_back("Authorization", "Bearer " + config_.token);
  request.headers.emplace_back("Accept", "application/json");
  request.timeoutMs = config_.timeoutMs;
  return http_.send(request);
}

void RacemapClient::fail(const std::string& method, const std::string& path,
                         const HttpResponse& response) {
  const std::string where = method + " " + path + ": HTTP " + std::to_string(response.status);
  if (response.status == 401) {
    throw RemoteError(where + ": RACEMAP refused the token: " + kTokenFix);
  }
  if (response.status == 403) {
    throw RemoteError(where + ": the token in RACEMAP_TOKEN may not see event '" + config_.eventId +
                      "': check racemap.event_id, or use a token of the event's owner");
  }
  if (response.status == 404) {
    throw ConfigurationError(where + ": RACEMAP has no event '" + config_.eventId +
                             "': check racemap.event_id");
  }
  if (response.status >= 500 || response.status == 429) {
    throw TemporaryError(where + ": " + excerpt(response.body) +
                         ": RACEMAP is unwell, run again later");
  }
  throw RemoteError(where + ": " + excerpt(response.body));
}

std::string RacemapClient::read(const std::string& pathAndQuery) {
  const std::string path = pathAndQuery.substr(0, pathAndQuery.find('?'));
  for (int attempt = 1;; ++attempt) {
    const bool last = attempt >= config_.readTries;
    try {
      HttpResponse response = call("GET", pathAndQuery);
      if (response.status == 200) {
        parseJson(response.body);  // a malformed answer is retried like a lost one
        return response.body;
      }
      if (response.status < 500 && response.status != 429) fail("GET", path, response);
      if (last) fail("GET", path, response);
    } catch (const TransportError&) {
      if (last) throw;
    } catch (const Poco::JSON::JSONException& e) {
      if (last) {
        throw TemporaryError("GET " + path + ": the answer is not valid JSON (" + e.message() +
                             "): run again later");
      }
    } catch (const Poco::SyntaxException& e) {
      if (last) {
        throw TemporaryError("GET " + path + ": the answer is not valid JSON (" + e.message() +
                             "): run again later");
      }
    }
    clock_.sleepMs(1000LL * attempt);
  }
}

std::string RacemapClient::inspect() {
  std::string body;
  try {
    HttpResponse response = call("GET", "/api/inspect");
    if (response.status != 200) fail("GET", "/api/inspect", response);
    body = response.body;
  } catch (const TransportError& e) {
    if (e.failure() == TransportFailure::kConnect) {
      throw RemoteError(e.message() + ": check racemap.base_url (" + config_.baseUrl +
                        ") and the network");
    }
    throw;
  }
  try {
    auto object = parseJson(body).extract<Poco::JSON::Object::Ptr>();
    return stringField(object, "userId");
  } catch (const Poco::Exception&) {
    throw RemoteError(
        "GET /api/inspect: the answer is not the expected JSON: check "
        "racemap.base_url (" +
        config_.baseUrl + ")");
  }
}

std::string RacemapClient::eventName() {
  const std::string body = read(eventPath());
  try {
    return stringField(parseJson(body).extract<Poco::JSON::Object::Ptr>(), "name");
  } catch (const Poco::BadCastException&) {
    throw RemoteError("GET " + eventPath() + ": the answer is not an event object");
  }
}

std::vector<std::string> RacemapClient::starterKeys() {
  const std::string path = eventPath() + "/starter_keys";
  Poco::JSON::Array::Ptr array = arrayIn(parseJson(read(path + "?format=json")));
  if (!array) throw RemoteError("GET " + path + ": the answer holds no list of keys");
  std::vector<std::string> keys;
  for (size_t i = 0; i < array->size(); ++i) {
    Poco::Dynamic::Var item = array->get(static_cast<unsigned>(i));
    if (item.isString()) {
      keys.push_back(item.convert<std::string>());
    } else if (item.type() == typeid(Poco::JSON::Object::Ptr)) {
      keys.push_back(stringField(item.extract<Poco::JSON::Object::Ptr>(), "key"));
    } else {
      keys.push_back(item.isEmpty() ? "" : item.convert<std::string>());
    }
  }
  return keys;
}

std::vector<RacemapStarterView> RacemapClient::starters() {
  const std::string path = eventPath() + "/starters";
  Poco::JSON::Array::Ptr array = arrayIn(parseJson(read(path)));
  if (!array) throw RemoteError("GET " + path + ": the answer holds no list of starters");
  std::vector<RacemapStarterView> starters;
  for (size_t i = 0; i < array->size(); ++i) {
    Poco::Dynamic::Var item = array->get(static_cast<unsigned>(i));
    if (item.type() != typeid(Poco::JSON::Object::Ptr)) continue;
    auto object = item.extract<Poco::JSON::Object::Ptr>();
    RacemapStarterView starter;
    starter.id = stringField(object, "id");
    starter.name = stringField(object, "name");
    starter.startNumber = stringField(object, "startNumber");
    starter.key = stringField(object, "key");
    if (object->has("keyUsed")) {
      Poco::Dynamic::Var used = object->get("keyUsed");
      starter.keyUsed = !used.isEmpty() && used.convert<bool>();
    }
    if (object->has("integrations") && object->isObject("integrations")) {
      starter.importId = stringField(object->getObject("integrations"), "importId");
    }
    starters.push_back(starter);
  }
  return starters;
}

void RacemapClient::generateStarterKeys(int count) {
  const std::string path = eventPath() + "/actions/generate_starter_keys";
  HttpResponse response = call(config_.generateMethod, path + "?count=" + std::to_string(count));
  if (response.status < 200 || response.status > 299) {
    fail(config_.generateMethod, path, response);
  }
}

}  // namespace racesync
