#include "core/raceranger/raceranger_client.h"

#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <climits>

#include "core/base/errors.h"
#include "core/base/percent_encoding.h"
#include "core/config/settings.h"
#include "core/net/cursor_pages.h"

namespace racesync {

namespace {

constexpr const char* kBusy = ": RaceRanger is busy or unreachable: run again later";

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::string replaced(std::string text, const std::string& placeholder, const std::string& value) {
  return Poco::replace(text, placeholder, percentEncode(value));
}

// The error object of an answer ({"error": {"code", "message"}}), or null.
JsonField errorOf(const JsonField& json) {
  if (!json.isObject()) return JsonField();
  JsonField error = json.field("error");
  return error.isObject() ? error : JsonField();
}

std::string errorCode(const JsonField& json) {
  JsonField error = errorOf(json);
  return error.isObject() ? error.field("code").scalarText() : "";
}

ServiceOptions serviceOptions(const RaceRangerConfig& config) {
  ServiceOptions options;
  options.service = "raceranger";
  options.baseUrl = config.baseUrl;
  options.timeoutMs = config.timeoutMs;
  options.retry.maxTries = config.maxTries;
  options.retry.baseBackoffMs = config.retryBaseMs;
  options.retry.jitter = 0.5;
  options.headers = {{"Accept", "application/json"}};
  options.unreachableFix = ": check raceranger.base_url and the network";
  return options;
}

std::string tries(const RaceRangerConfig& config) {
  return " (" + std::to_string(config.maxTries) + " tries)";
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
  config.athletesPath = settings.text("raceranger.paths.athletes");
  config.deletePath = settings.text("raceranger.paths.delete");
  for (const auto& [key, value, needs, example] :
       {std::make_tuple("raceranger.paths.races", config.racesPath, "{eventId}",
                        "/v1/events/{eventId}/races"),
        std::make_tuple("raceranger.paths.import", config.importPath, "{raceId}",
                        "/v1/events/{eventId}/races/{raceId}/athletes:import"),
        std::make_tuple("raceranger.paths.athletes", config.athletesPath, "{raceId}",
                        "/v1/events/{eventId}/races/{raceId}/athletes"),
        std::make_tuple("raceranger.paths.delete", config.deletePath, "{externalId}",
                        "/v1/events/{eventId}/races/{raceId}/athletes/{externalId}")}) {
    if (!startsWith(value, "/") || value.find(needs) == std::string::npos) {
      throw ConfigurationError(std::string(key) + ": '" + value + "' must start with / and hold " +
                               needs + ": e.g. " + example);
    }
  }
  config.batchSize = static_cast<int>(settings.integer("raceranger.batch_size"));
  config.perMinute = static_cast<int>(settings.integer("raceranger.per_minute"));
  config.perHour = static_cast<int>(settings.integer("raceranger.per_hour"));
  config.maxTries = static_cast<int>(settings.integer("raceranger.max_tries"));
  config.timeoutMs = static_cast<int>(settings.integer("raceranger.timeout_ms"));
  config.retryBaseMs = static_cast<int>(settings.integer("raceranger.retry_base_ms"));
  config.maxPages = static_cast<int>(settings.integer("raceranger.max_pages"));
  return config;
}

RaceRangerClient::RaceRangerClient(RaceRangerConfig config, HttpTransport& http, Clock& clock,
                                   std::uint32_t seed)
    : config_(std::move(config)),
      pacer_(clock, config_.perMinute, config_.perHour),
      http_(http, &clock, serviceOptions(config_), seed) {
  http_.setBearer(config_.apiKey);
  http_.pace(pacer_);
}

std::string RaceRangerClient::path(const std::string& pathTemplate, const std::string& raceId,
                                   const std::string& externalId) const {
  return replaced(
      replaced(replaced(pathTemplate, "{eventId}", config_.eventId), "{raceId}", raceId),
      "{externalId}", externalId);
}

void RaceRangerClient::eachListed(const std::string& listing, const char* scope,
                                  const char* pathKey,
                                  const std::function<void(const JsonField&)>& each) {
  CursorPages pages("GET " + listing, config_.maxPages, "raceranger.max_pages");
  std::string cursor;
  do {
    Call call;
    call.target = listing;
    if (!cursor.empty()) {
      call.target += (listing.find('?') == std::string::npos ? "?cursor=" : "&cursor=") +
                     percentEncode(cursor);
    }
    call.name = "GET " + call.target;
    call.expect = Expect::kJsonObject;
    Reply reply = exchange(call);
    if (reply.response.status != 200) refuse(reply, call.name, scope);
    JsonField data = reply.json.field("data");
    if (!data.isArray()) {
      throw RemoteError(call.name + ": the answer has no \"data\" list: check " + pathKey);
    }
    for (std::size_t i = 0; i < data.size(); ++i) {
      JsonField item = data.at(i);
      if (item.isObject()) each(item);
    }
    cursor = reply.json.field("nextCursor").text();
  } while (pages.next(cursor));
}

std::vector<RaceRangerRace> RaceRangerClient::listRaces() {
  return http_.guarded([&] {
    std::vector<RaceRangerRace> races;
    eachListed(path(config_.racesPath), "read:races", "raceranger.paths.races",
               [&](const JsonField& item) {
                 races.push_back({item.field("id").text(), item.field("name").text(),
                                  item.field("status").text()});
               });
    return races;
  });
}

std::vector<RaceRangerAthleteFields> RaceRangerClient::listAthletes(const std::string& raceId) {
  return http_.guarded([&] {
    std::vector<RaceRangerAthleteFields> athletes;
    eachListed(path(config_.athletesPath, raceId), "read:athletes", "raceranger.paths.athletes",
               [&](const JsonField& item) {
                 auto text = [&](const char* name) {
                   JsonField value = item.field(name);
                   return value.isNull() ? std::string() : value.scalarText();
                 };
                 athletes.push_back({text("externalId"), text("number"), text("firstName"),
                                     text("lastName"), text("gender"), text("ageGroup"),
                                     text("team"), text("country")});
               });
    return athletes;
  });
}

DeleteAnswer RaceRangerClient::deleteAthlete(const std::string& raceId,
                                             const std::string& externalId,
                                             const std::string& idempotencyKey) {
  return http_.guarded([&] {
    Call call;
    call.method = "DELETE";
    call.target = path(config_.deletePath, raceId, externalId);
    call.name = "DELETE " + call.target;
    call.headers.emplace_back("Idempotency-Key", idempotencyKey);
    call.expect = Expect::kAnything;  // 204 has no body
    Reply reply = exchange(call);
    const int status = reply.response.status;
    DeleteAnswer answer;
    if (status == 204 || status == 200) return answer;
    answer.message = describe(reply);
    if (status == 404) {
      answer.kind = DeleteAnswer::Kind::kAbsent;
    } else if (status == 409 && reply.response.body.find("\"race_started\"") != std::string::npos) {
      // The body is not parsed (a 204 has none): the contract's code is looked for as text.
      answer.kind = DeleteAnswer::Kind::kRaceStarted;
    } else if (status == 403) {
      answer.kind = DeleteAnswer::Kind::kForbidden;
    } else {
      refuse(reply, call.name, "write:athletes");
    }
    return answer;
  });
}

ImportAnswer RaceRangerClient::importAthletes(const std::string& raceId, const std::string& body,
                                              const std::string& idempotencyKey) {
  return http_.guarded([&] {
    Call call;
    call.method = "POST";
    call.target = path(config_.importPath, raceId);
    call.name = "POST " + call.target;
    call.headers.emplace_back("Idempotency-Key", idempotencyKey);
    call.body = body;
    call.contentType = "application/json";
    call.expect = Expect::kJsonObject;
    return readImportAnswer(exchange(call), call.name);
  });
}

ImportAnswer RaceRangerClient::readImportAnswer(const Reply& reply, const std::string& what) const {
  ImportAnswer result;
  const int status = reply.response.status;
  if (status == 409 && errorCode(reply.json) == "race_started") {
    result.kind = ImportAnswer::Kind::kRaceStarted;
    result.message = describe(reply);
    return result;
  }
  if (status == 413) {
    result.kind = ImportAnswer::Kind::kTooLarge;
    result.message = describe(reply);
    return result;
  }
  if (status != 200) refuse(reply, what, "write:athletes");
  JsonField data = reply.json.field("data");
  if (!data.isObject()) throw RemoteError(what + ": the answer has no \"data\" object");
  result.created = data.field("created").integerOr(0);
  result.updated = data.field("updated").integerOr(0);
  result.unchanged = data.field("unchanged").integerOr(0);
  JsonField errors = data.field("errors");
  for (std::size_t i = 0; errors.isArray() && i < errors.size(); ++i) {
    JsonField item = errors.at(i);
    if (!item.isObject() || item.field("index").isNull()) continue;
    const long long index = item.field("index").integerOr(0);
    if (index < INT_MIN || index > INT_MAX) item.field("index").fail("is out of range");
    result.errors.push_back(
        {static_cast<int>(index), item.field("code").text(), item.field("message").text()});
  }
  return result;
}

Reply RaceRangerClient::exchange(const Call& call) {
  Reply reply;
  try {
    reply = http_.send(call);
  } catch (const TransportError& e) {
    throw TemporaryError(e.message() + tries(config_) + kBusy);
  }
  if (!reply.gaveUp) return reply;
  if (!reply.malformed.empty()) {
    throw RemoteError(call.name + ": HTTP " + std::to_string(reply.response.status) +
                      " with malformed JSON" + tries(config_) +
                      ": the service does not answer JSON: check raceranger.base_url and "
                      "raceranger.paths.*");
  }
  throw TemporaryError(call.name + ": " + describe(reply) + tries(config_) + kBusy);
}

std::string RaceRangerClient::describe(const Reply& reply) const {
  std::string result = "HTTP " + std::to_string(reply.response.status);
  JsonField error = errorOf(reply.json);
  if (error.isObject()) {
    std::string code = error.field("code").scalarText();
    std::string message = error.field("message").scalarText();
    if (!code.empty()) result += " " + code;
    if (!message.empty()) result += ": " + message;
    return result;
  }
  // Scrubbed before it is cut short, so that no part of a secret is left.
  std::string body = Poco::trim(http_.scrub(reply.response.body).substr(0, 120));
  std::replace_if(
      body.begin(), body.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return body.empty() ? result : result + ": " + body;
}

void RaceRangerClient::refuse(const Reply& reply, const std::string& what,
                              const std::string& scope) const {
  int status = reply.response.status;
  std::string said = what + ": " + describe(reply);
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
  if (status == 422 && errorCode(reply.json) == "idempotency_mismatch") {
    throw RemoteError(said +
                      ": another batch was sent under this Idempotency-Key: report this "
                      "as a racesync bug");
  }
  throw RemoteError(said + ": check raceranger.base_url, raceranger.event_id and the race ids");
}

}  // namespace racesync
