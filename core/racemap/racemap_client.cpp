#include "core/racemap/racemap_client.h"

#include <Poco/String.h>

#include <cctype>

#include "core/base/percent_encoding.h"
#include "core/config/settings.h"
#include "core/racemap/key_list_json.h"

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

ServiceOptions serviceOptions(const RacemapConfig& config) {
  ServiceOptions options;
  options.service = "racemap";
  options.baseUrl = config.baseUrl;
  options.timeoutMs = config.timeoutMs;
  options.retry.maxTries = config.readTries;
  options.retry.baseBackoffMs = 1000;  // 1 s before the second try, 2 s before the third
  options.headers = {{"Accept", "application/json"}};
  options.unreachableFix = ": check racemap.base_url (" + config.baseUrl + ") and the network";
  return options;
}

Call get(const std::string& target, Expect expect) {
  Call call;
  call.target = target;
  call.expect = expect;
  return call;
}

// The list an answer holds: the top level, or under "data", "items", "keys" or "starters"; null
// when there is none.
JsonField listIn(const JsonField& answer) {
  if (answer.isArray()) return answer;
  if (answer.isObject()) {
    for (const char* name : {"data", "items", "keys", "starters"}) {
      JsonField list = answer.field(name);
      if (list.isArray()) return list;
    }
  }
  return JsonField();
}

bool looksLikeKey(const std::string& text) {
  if (text.size() != 6) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

RacemapStarterView starterOf(const JsonField& item) {
  RacemapStarterView starter;
  starter.id = item.field("id").text();
  starter.name = item.field("name").text();
  starter.startNumber = item.field("startNumber").text();
  starter.key = item.field("key").text();
  starter.keyUsed = item.field("keyUsed").flag();
  JsonField integrations = item.field("integrations");
  if (integrations.isObject()) starter.importId = integrations.field("importId").text();
  return starter;
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
    : config_(std::move(config)), http_(http, &clock, serviceOptions(config_)) {
  http_.setBearer(config_.token);
}

std::string RacemapClient::eventPath() const {
  return "/api/events/" + percentEncode(config_.eventId);
}

void RacemapClient::fail(const std::string& method, const std::string& path,
                         const HttpResponse& response) const {
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
  // Scrubbed before it is cut short, so that no part of a secret is left.
  const std::string said = excerpt(http_.scrub(response.body));
  if (response.status >= 500 || response.status == 429) {
    throw TemporaryError(where + ": " + said + ": RACEMAP is unwell, run again later");
  }
  throw RemoteError(where + ": " + said);
}

JsonField RacemapClient::read(const std::string& pathAndQuery) {
  const std::string path = pathAndQuery.substr(0, pathAndQuery.find('?'));
  Reply reply = http_.send(get(pathAndQuery, Expect::kJson));
  if (!reply.malformed.empty()) {
    throw TemporaryError("GET " + path + ": the answer is not valid JSON (" + reply.malformed +
                         "): run again later");
  }
  if (reply.response.status != 200) fail("GET", path, reply.response);
  return reply.json;
}

std::string RacemapClient::inspect() {
  return http_.guarded([&] {
    Reply reply = http_.sendOnce(get("/api/inspect", Expect::kJson));
    if (reply.response.status != 200) fail("GET", "/api/inspect", reply.response);
    if (!reply.json.isObject()) {
      throw RemoteError(
          "GET /api/inspect: the answer is not the expected JSON: check "
          "racemap.base_url (" +
          config_.baseUrl + ")");
    }
    return reply.json.field("userId").text();
  });
}

std::string RacemapClient::eventName() {
  return http_.guarded([&] {
    JsonField event = read(eventPath());
    if (!event.isObject()) {
      throw RemoteError("GET " + eventPath() + ": the answer is not an event object");
    }
    return event.field("name").text();
  });
}

std::size_t RacemapClient::readKeyList() {
  return http_.guarded([&] {
    const std::string path = eventPath() + "/starter_keys";
    std::vector<std::string> keys;
    bool extended = false;
    KeyListFault fault = KeyListFault::kNone;
    std::string where;
    Call call = get(path + "?format=json", Expect::kAnything);
    // Read once, as it arrives: no JSON tree of the whole list is built (key_list_json.h).
    call.read = [&](const std::string& body, std::string& why) {
      keys.clear();
      extended = extendsLastKeyList(body, keys);
      if (extended) {
        fault = KeyListFault::kNone;
        return true;
      }
      fault = parseKeyList(body, keys, why);
      where = why;
      return fault != KeyListFault::kNotJson;
    };
    Reply reply = http_.send(call);
    if (!reply.malformed.empty()) {
      throw TemporaryError("GET " + path + ": the answer is not valid JSON (" + reply.malformed +
                           "): run again later");
    }
    if (reply.response.status != 200) fail("GET", path, reply.response);
    if (fault == KeyListFault::kNoList) {
      throw RemoteError("GET " + path + ": the answer holds no list of keys");
    }
    if (fault == KeyListFault::kNotAString) {
      throw RemoteError("GET " + path + ": answer field '" + where + "' is not a string");
    }
    lastKeyBody_ = std::move(reply.response.body);
    const std::size_t from = extended ? lastKeys_.size() : 0;
    if (!extended) lastKeys_.clear();
    lastKeys_.insert(lastKeys_.end(), std::make_move_iterator(keys.begin()),
                     std::make_move_iterator(keys.end()));
    return from;
  });
}

std::vector<std::string> RacemapClient::shown(std::size_t from) const {
  std::vector<std::string> keys(lastKeys_.begin() + static_cast<std::ptrdiff_t>(from),
                                lastKeys_.end());
  // A text of six letters or digits cannot hold a secret; anything else may be shown.
  for (auto& key : keys) {
    if (!looksLikeKey(key)) key = http_.scrub(key);
  }
  return keys;
}

std::vector<std::string> RacemapClient::starterKeys() {
  readKeyList();
  return shown(0);
}

RacemapClient::KeyListUpdate RacemapClient::starterKeysUpdate() {
  KeyListUpdate update;
  const std::size_t from = readKeyList();
  update.extended = from > 0;
  update.keys = shown(from);
  return update;
}

bool RacemapClient::extendsLastKeyList(const std::string& body,
                                       std::vector<std::string>& added) const {
  const std::string& last = lastKeyBody_;
  const std::size_t close = last.find_last_not_of(" \t\r\n");
  if (lastKeys_.empty() || close == std::string::npos || last[0] != '[' || last[close] != ']' ||
      body.size() <= close || body.compare(0, close, last, 0, close) != 0) {
    return false;
  }
  const std::size_t next = body.find_first_not_of(" \t\r\n", close);
  if (next == std::string::npos || (body[next] != ',' && body[next] != ']')) return false;
  // "[" and what follows the last item: "]" (nothing new) or ", "K2", ...]" without its comma.
  const std::string tail = "[" + body.substr(body[next] == ',' ? next + 1 : next);
  std::string why;
  if (parseKeyList(tail, added, why) != KeyListFault::kNone) {
    added.clear();
    return false;  // read it in full
  }
  return true;
}

std::vector<RacemapStarterView> RacemapClient::starters() {
  return http_.guarded([&] {
    const std::string path = eventPath() + "/starters";
    JsonField list = listIn(read(path));
    if (!list.isArray()) {
      throw RemoteError("GET " + path + ": the answer holds no list of starters");
    }
    std::vector<RacemapStarterView> starters;
    for (std::size_t i = 0; i < list.size(); ++i) {
      JsonField item = list.at(i);
      if (item.isObject()) starters.push_back(starterOf(item));
    }
    return starters;
  });
}

void RacemapClient::generateStarterKeys(int count) {
  http_.guarded([&] {
    const std::string path = eventPath() + "/actions/generate_starter_keys";
    Call call;
    call.method = config_.generateMethod;
    call.target = path + "?count=" + std::to_string(count);
    // Not idempotent (CONTRACT.md §2): one try, whatever happens; the caller reconciles.
    Reply reply = http_.sendOnce(call);
    if (reply.response.status < 200 || reply.response.status > 299) {
      fail(config_.generateMethod, path, reply.response);
    }
  });
}

}  // namespace racesync
