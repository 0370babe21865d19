// The RaceRanger API as racesync uses it (docs/CONTRACT.md §3): list an event's races and
// bulk-import athletes. Built on HttpClient: paced below the rate limits, retrying 429 (after
// Retry-After), 5xx and lost answers with backoff and jitter, answers read through the guarded
// JsonField, listings paged with a page limit, the API key never in a message.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/net/http_client.h"
#include "core/net/rate_pacer.h"
#include "core/raceranger/raceranger_athlete.h"

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
  std::string athletesPath = "/v1/events/{eventId}/races/{raceId}/athletes";             // ASSUMED
  std::string deletePath = "/v1/events/{eventId}/races/{raceId}/athletes/{externalId}";  // ASSUMED
  int batchSize = 500;
  int perMinute = 120;
  int perHour = 1000;
  int maxTries = 6;
  int timeoutMs = 30000;
  int retryBaseMs = 1000;  // first backoff; doubles per try, with jitter, up to 60 s
  int maxPages = 10000;    // a listing longer than this is taken for an endless one

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

// What RaceRanger said to removing one athlete from a race.
struct DeleteAnswer {
  enum class Kind {
    kDeleted,      // 204 (or 200)
    kAbsent,       // 404 not_found: not there, which is what was wanted
    kRaceStarted,  // 409 race_started: the race takes no more changes
    kForbidden,    // 403: the key lacks write:athletes for this race
  };
  Kind kind = Kind::kDeleted;
  std::string message;  // the server's words for 403 and 409
};

class RaceRangerClient {
 public:
  // Borrows `http` and `clock`; `seed` drives the backoff jitter. Every call below throws only
  // racesync's exceptions, with RACERANGER_API_KEY scrubbed from their messages; an answer of the
  // wrong shape is a RemoteError naming the call and the field.
  RaceRangerClient(RaceRangerConfig config, HttpTransport& http, Clock& clock, std::uint32_t seed);

  // Every race of the event, following nextCursor for at most raceranger.max_pages pages and
  // never to a cursor seen before. Throws RemoteError (401, 403 naming the scope read:races, an
  // unreachable host, an endless listing, any other refusal) or TemporaryError (429, 5xx and
  // lost answers after raceranger.max_tries).
  std::vector<RaceRangerRace> listRaces();

  // Sends one import batch (`body` is {"athletes": [...]}) under `idempotencyKey`, retrying
  // with the same key. 409 race_started and 413 are answers, not errors. Throws RemoteError
  // (401, 403 naming write:athletes, 422 and other refusals) or TemporaryError as listRaces.
  ImportAnswer importAthletes(const std::string& raceId, const std::string& body,
                              const std::string& idempotencyKey);

  // Every athlete RaceRanger holds in `raceId` (raceranger.paths.athletes), following nextCursor
  // as listRaces does. Throws RemoteError (403 naming the scope read:athletes, an answer of the
  // wrong shape, an endless listing) or TemporaryError as listRaces.
  std::vector<RaceRangerAthleteFields> listAthletes(const std::string& raceId);

  // Removes athlete `externalId` from `raceId` (raceranger.paths.delete) under
  // `idempotencyKey`, retrying with the same key. 404, 409 race_started and 403 are answers.
  // Throws RemoteError (401, other refusals) or TemporaryError as listRaces.
  DeleteAnswer deleteAthlete(const std::string& raceId, const std::string& externalId,
                             const std::string& idempotencyKey);

  // Requests sent so far, retries included.
  long long requestCount() const { return http_.requestCount(); }
  const RatePacer& pacer() const { return pacer_; }
  // The path of a configured template with {eventId}, {raceId} and {externalId} filled in,
  // percent-encoded.
  std::string path(const std::string& pathTemplate, const std::string& raceId = "",
                   const std::string& externalId = "") const;

 private:
  // Sends `call` (a JSON object expected), paced and retried; returns the first answer that is
  // neither 429 nor 5xx and, for 2xx, is a JSON object. Throws TemporaryError when the tries ran
  // out, RemoteError when the service keeps answering something that is not JSON.
  Reply exchange(const Call& call);
  // Every object in the "data" lists of the paged listing at `listing` (following nextCursor
  // within raceranger.max_pages). Throws RemoteError naming `scope` when refused, or `pathKey`
  // when the answer has no list.
  void eachListed(const std::string& listing, const char* scope, const char* pathKey,
                  const std::function<void(const JsonField&)>& each);
  ImportAnswer readImportAnswer(const Reply& reply, const std::string& what) const;
  // RemoteError for an answer that is not what was asked for; `scope` is the one it needs.
  [[noreturn]] void refuse(const Reply& reply, const std::string& what,
                           const std::string& scope) const;
  // "HTTP 403 forbidden: ..." from an error answer, the secrets scrubbed.
  std::string describe(const Reply& reply) const;

  RaceRangerConfig config_;
  RatePacer pacer_;
  HttpClient http_;
};

}  // namespace racesync
