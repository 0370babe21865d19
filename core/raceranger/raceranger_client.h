// The RaceRanger API as racesync uses it (docs/CONTRACT.md §3): list an event's races and
// bulk-import athletes, paced below the rate limits, retrying 429, 5xx and lost answers safely.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/net/http_transport.h"
#include "core/net/rate_pacer.h"

namespace racesync {

class Clock;
class Settings;

// Where and how to reach RaceRanger: the raceranger.* keys and RACERANGER_API_KEY.
struct RaceRangerConfig {
  std::string baseUrl;  // no default host: it comes with the key
  std::string eventId;
  std::string apiKey;
  std::string racesPath = "/v1/events/{eventId}/races";
  std::string importPath = "/v1/events/{eventId}/races/{raceId}/athletes:import";
  int batchSize = 500;
  int perMinute = 120;
  int perHour = 1000;
  int maxTries = 6;
  int timeoutMs = 30000;
  int retryBaseMs = 1000;  // first backoff; doubles per try, with jitter, up to 60 s

  // Reads raceranger.* and the RACERANGER_API_KEY secret. Throws ConfigurationError for a
  // missing or bad key, and for an event-scoped (rr_e_) API key, which can never write athletes.
  static RaceRangerConfig fromSettings(const Settings& settings);
};

struct RaceRangerRace {
  std::string id;
  std::string name;
  std::string status;  // scheduled | active | ended
};

struct ImportAnswer {
  enum class Kind {
    kStored,       // 200: rows not in `errors` are stored
    kRaceStarted,  // 409 race_started: the race takes no more athletes
    kTooLarge,     // 413: send fewer athletes per call
  };
  struct RowError {
    int index = 0;
    std::string code;
    std::string message;
  };
  Kind kind = Kind::kStored;
  long long created = 0;
  long long updated = 0;
  long long unchanged = 0;
  std::vector<RowError> errors;
  std::string message;  // the server's words for 409 and 413
};

class RaceRangerClient {
 public:
  // Borrows `http` and `clock`; `seed` drives the backoff jitter.
  RaceRangerClient(RaceRangerConfig config, HttpTransport& http, Clock& clock, std::uint32_t seed);

  // Every race of the event, following nextCursor. Throws RemoteError (401, 403 naming the
  // scope read:races, an unreachable host, any other refusal) or TemporaryError (429, 5xx and
  // lost answers after raceranger.max_tries).
  std::vector<RaceRangerRace> listRaces();

  // Sends one import batch (`body` is {"athletes": [...]}) under `idempotencyKey`, retrying
  // with the same key. 409 race_started and 413 are answers, not errors. Throws RemoteError
  // (401, 403 naming write:athletes, 422 and other refusals) or TemporaryError as listRaces.
  ImportAnswer importAthletes(const std::string& raceId, const std::string& body,
                              const std::string& idempotencyKey);

  // Requests sent so far, retries included.
  long long requestCount() const { return requests_; }
  const RatePacer& pacer() const { return pacer_; }
  // The path of a configured template with {eventId} and {raceId} filled in, percent-encoded.
  std::string path(const std::string& pathTemplate, const std::string& raceId = "") const;

 private:
  struct Answer {
    HttpResponse response;
    Poco::JSON::Object::Ptr json;  // the parsed body (null when it is not a JSON object)
  };
  // Sends `request`, pacing and retrying; returns the first answer that is neither 429 nor 5xx
  // (and, for 2xx, is JSON). `what` is "METHOD /path" for messages.
  Answer exchange(HttpRequest request, const std::string& what);
  std::int64_t backoffMs(int attempt);
  void adoptLimits(const HttpResponse& response);
  // RemoteError for an answer that is not what was asked for; `scope` is the one it needs.
  [[noreturn]] void refuse(const Answer& answer, const std::string& what,
                           const std::string& scope) const;

  RaceRangerConfig config_;
  HttpTransport& http_;
  Clock& clock_;
  RatePacer pacer_;
  std::mt19937 random_;
  long long requests_ = 0;
  bool answered_ = false;  // the service has answered once: a connect failure is transient
};

}  // namespace racesync
