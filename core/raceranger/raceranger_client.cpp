#include "core/raceranger/raceranger_client.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"

namespace racesync {

namespace {

constexpr std::int64_t kMaxBackoffMs = 60 * 1000;

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::string replaced(std::string text, const std::string& placeholder, const std::string& value) {
  std::string encoded;
  Poco::URI::encode(value, "/?#[]@!$&'()*+,;=:%", encoded);
  return Poco::replace(text, placeholder, encoded);
}

Poco::JSON::Object::Ptr parseObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  }
}

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& name) {
  if (!object || !object->has(name) || object->isNull(name)) return "";
  return object->getValue<std::string>(name);
}

// "HTTP 403 forbidden: this key lacks scope write:athletes" from the answer's error body, or the
// start of whatever a gateway sent.
std::string describe(const HttpResponse& response, const Poco::JSON::Object::Ptr& json) {
  std::string result = "HTTP " + std::to_string(response.status);
  Poco::JSON::Object::Ptr error = json ? json->getObject("error") : nullptr;
  if (error) {
    std::string code = text(error, "code");
    std::string message = text(error, "message");
    if (!code.empty()) result += " " + code;
    if (!message.empty()) result += ": " + message;
    return result;
  }
  std::string body = Poco::trim(response.body.substr(0, 120));
  std::replace_if(
      body.begin(), body.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return body.empty() ? result : result + ": " + body;
}

std::string errorCode(const Poco::JSON::Object::Ptr& json) {
  return text(json ? json->getObject("error") : nullptr, "code");
}

}  // namespace

RaceRangerConfig RaceRangerConfig::fromSettings(const Settings& settings) {
  RaceRangerConfig config;
  config.apiKey = settings.secret(
      "RACERANGER_API_KEY", "a RaceRanger org API key (rr_o_...) holding scope write:athletes");
  if (startsWith(config.apiKey, "rr_e_")) {
    throw ConfigurationError(
        "environment: RACERANGER_API_KEY is an event-scoped key (rr_e_...), which is read-only "
        "and can never push athletes: mint an org key in the RaceRanger app (Organizations, Edit "
        "organization, API keys tab, + New key) with scopes write:athletes and read:races, "
        "restricted to this event if you like, and export it as RACERANGER_API_KEY");
  }
  config.baseUrl = settings.required(
      "raceranger.base_url", "the RaceRanger API address that came with your key (https://...)");
  while (!config.baseUrl.empty() && config.baseUrl.back() == '/') config.baseUrl.pop_back();
  Poco::URI uri;
  try {
    uri = Poco::URI(config.baseUrl);
  } catch (const Poco::Exception&) {
    uri = Poco::URI();
  }
  if ((uri.getScheme() != "https" && uri.getScheme() != "http") || uri.getHost().empty()) {
    throw ConfigurationError("raceranger.base_url: '" + config.baseUrl +
                             "' is not an http(s) address: write it as https://host[:port]");
  }
  config.eventId = settings.required(
      "raceranger.event_id", "the RaceRanger event id (evt_...) as GET /v1/events lists it");
  config.racesPath = settings.text("raceranger.paths.races");
  config.importPath = settings.text("raceranger.paths.import");
  for (const auto& [key, value, needs] :
       {std::make_tuple("raceranger.paths.races", config.racesPath, "{eventId}"),
        std::make_tuple("raceranger.paths.import", config.importPath, "{raceId}")}) {
    if (!startsWith(value, "/") || value.find(needs) == std::string::npos) {
      throw ConfigurationError(std::string(key) + ": '" + value + "' must start with / and hold " +
                               needs + ": e.g. " +
                               (std::string(key) == "raceranger.paths.races"
                                    ? "/v1/events/{eventId}/races"
                                    : "/v1/events/{eventId}/races/{raceId}/athletes:import"));
    }
  }
  config.batchSize = static_cast<int>(settings.integer("raceranger.batch_size"));
  config.perMinute = static_cast<int>(settings.integer("raceranger.per_minute"));
  config.perHour = static_cast<int>(settings.integer("raceranger.per_hour"));
  config.maxTries = static_cast<int>(settings.integer("raceranger.max_tries"));
  config.timeoutMs = static_cast<int>(settings.integer("raceranger.timeout_ms"));
  config.retryBaseMs = static_cast<int>(settings.integer("raceranger.retry_base_ms"));
  return config;
}

RaceRangerClient::RaceRangerClient(RaceRangerConfig config, HttpTransport& http, Clock& clock,
                                   std::uint32_t seed)
    : config_(std::move(config)),
      http_(http),
      clock_(clock),
      pacer_(clock, config_.perMinute, config_.perHour),
      random_(seed) {}

std::string RaceRangerClient::path(const std::string& pathTemplate,
                                   const std::string& raceId) const {
  return replaced(replaced(pathTemplate, "{eventId}", config_.eventId), "{raceId}", raceId);
}

std::vector<RaceRangerRace> RaceRangerClient::listRaces() {
  std::vector<RaceRangerRace> races;
  std::string cursor;
  do {
    std::string target = path(config_.racesPath);
    if (!cursor.empty()) {
      std::string encoded;
      Poco::URI::encode(cursor, "/?#[]@!$&'()*+,;=:%", encoded);
      target += (target.find('?') == std::string::npos ? "?cursor=" : "&cursor=") + encoded;
    }
    HttpRequest request;
    request.url = config_.baseUrl + target;
    std::string what = "GET " + target;
    Answer answer = exchange(request, what);
    if (answer.response.status != 200) refuse(answer, what, "read:races");
    Poco::JSON::Array::Ptr data = answer.json->getArray("data");
    if (!data) {
      throw RemoteError(what + ": the answer has no \"data\" list: check raceranger.paths.races");
    }
    for (unsigned i = 0; i < data->size(); ++i) {
      Poco::JSON::Object::Ptr item = data->getObject(i);
      if (!item) continue;
      races.push_back({text(item, "id"), text(item, "name"), text(item, "status")});
    }
    cursor = text(answer.json, "nextCursor");
  } while (!cursor.empty());
  return races;
}

ImportAnswer RaceRangerClient::importAthletes(const std::string& raceId, const std::string& body,
                                              const std::string& idempotencyKey) {
  std::string target = path(config_.importPath, raceId);
  HttpRequest request;
  request.method = "POST";
  request.url = config_.baseUrl + target;
  request.body = body;
  request.contentType = "application/json";
  request.headers.emplace_back("Idempotency-Key", idempotencyKey);
  std::string what = "POST " + target;
  Answer answer = exchange(request, what);

  ImportAnswer result;
  int status = answer.response.status;
  if (status == 409 && errorCode(answer.json) == "race_started") {
    result.kind = ImportAnswer::Kind::kRaceStarted;
    result.message = describe(answer.response, answer.json);
    return result;
  }
  if (status == 413) {
    result.kind = ImportAnswer::Kind::kTooLarge;
    result.message = describe(answer.response, answer.json);
    return result;
  }
  if (status != 200) refuse(answer, what, "write:athletes");
  Poco::JSON::Object::Ptr data = answer.json->getObject("data");
  if (!data) throw RemoteError(what + ": the answer has no \"data\" object");
  auto count = [&](const char* name) {
    return data->has(name) ? data->getValue<long long>(name) : 0LL;
  };
  result.created = count("created");
  result.updated = count("updated");
  result.unchanged = count("unchanged");
  if (Poco::JSON::Array::Ptr errors = data->getArray("errors")) {
    for (unsigned i = 0; i < errors->size(); ++i) {
      Poco::JSON::Object::Ptr item = errors->getObject(i);
      if (!item || !item->has("index")) continue;
      result.errors.push_back(
          {item->getValue<int>("index"), text(item, "code"), text(item, "message")});
    }
  }
  return result;
}

RaceRangerClient::Answer RaceRangerClient::exchange(HttpRequest request, const std::string& what) {
  request.timeoutMs = config_.timeoutMs;
  request.headers.emplace_back("Authorization", "Bearer " + config_.apiKey);
  request.headers.emplace_back("Accept", "application/json");
  std::string failure;
  bool malformed = false;
  for (int attempt = 1;; ++attempt) {
    pacer_.acquire();
    ++requests_;
    Answer answer;
    std::int64_t waitMs = -1;  // -1: back off
    try {
      answer.response = http_.send(request);
      answered_ = true;
    } catch (const TransportError& e) {
      if (e.failure() == TransportFailure::kConnect && !answered_) {
        throw RemoteError(e.message() + ": check raceranger.base_url and the network");
      }
      failure = e.message();
      malformed = false;
    }
    if (answer.response.status != 0) {
      adoptLimits(answer.response);
      answer.json = parseObject(answer.response.body);
      int status = answer.response.status;
      malformed = false;
      if (status == 429) {
        failure = what + ": " + describe(answer.response, answer.json);
        unsigned seconds = 0;
        if (Poco::NumberParser::tryParseUnsigned(Poco::trim(answer.response.header("Retry-After")),
                                                 seconds)) {
          waitMs = std::int64_t{seconds} * 1000;
        }
      } else if (status >= 500) {
        failure = what + ": " + describe(answer.response, answer.json);
      } else if (status / 100 == 2 && !answer.json) {
        failure = what + ": HTTP " + std::to_string(status) + " with malformed JSON";
        malformed = true;
      } else {
        return answer;
      }
    }
    if (attempt >= config_.maxTries) break;
    clock_.sleepMs(waitMs >= 0 ? waitMs : backoffMs(attempt));
  }
  std::string tries = " (" + std::to_string(config_.maxTries) + " tries)";
  if (malformed) {
    throw RemoteError(failure + tries +
                      ": the service does not answer JSON: check "
                      "raceranger.base_url and raceranger.paths.*");
  }
  throw TemporaryError(failure + tries + ": RaceRanger is busy or unreachable: run again later");
}

std::int64_t RaceRangerClient::backoffMs(int attempt) {
  std::int64_t ceiling = config_.retryBaseMs;
  for (int i = 1; i < attempt && ceiling < kMaxBackoffMs; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, kMaxBackoffMs);
  // Half fixed, half random: retries of many clients spread out, yet each waits a while.
  std::uniform_int_distribution<std::int64_t> jitter(0, ceiling / 2);
  return ceiling - ceiling / 2 + jitter(random_);
}

void RaceRangerClient::adoptLimits(const HttpResponse& response) {
  int perMinute = pacer_.perMinute();
  int perHour = pacer_.perHour();
  int value = 0;
  if (Poco::NumberParser::tryParse(Poco::trim(response.header("X-RateLimit-Limit-Minute")),
                                   value) &&
      value > 0) {
    perMinute = value;
  }
  if (Poco::NumberParser::tryParse(Poco::trim(response.header("X-RateLimit-Limit-Hour")), value) &&
      value > 0) {
    perHour = value;
  }
  pacer_.setLimits(perMinute, perHour);
}

void RaceRangerClient::refuse(const Answer& answer, const std::string& what,
                              const std::string& scope) const {
  int status = answer.response.status;
  std::string said = what + ": " + describe(answer.response, answer.json);
  if (status == 401) {
    throw RemoteError(said +
                      ": RaceRanger refused RACERANGER_API_KEY: check that it is complete and "
                      "not expired or revoked, or mint a new rr_o_ key with write:athletes");
  }
  if (status == 403) {
    throw RemoteError(said + ": the key needs scope " + scope + " and access to event " +
                      config_.eventId +
                      ": add the scope to the key in the RaceRanger app (Organizations, Edit "
                      "organization, API keys) or mint a new rr_o_ key that holds it");
  }
  if (status == 422 && errorCode(answer.json) == "idempotency_mismatch") {
    throw RemoteError(said +
                      ": another batch was sent under this Idempotency-Key: report this "
                      "as a racesync bug");
  }
  throw RemoteError(said + ": check raceranger.base_url, raceranger.event_id and the race ids");
}

}  // namespace racesync
