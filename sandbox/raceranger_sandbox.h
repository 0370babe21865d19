// The simulated RaceRanger API of docs/CONTRACT.md §3: rr_o_/rr_e_ keys with scopes, events,
// races, athletes, bulk import with idempotency, and the per-key rate limits on a Clock the caller
// owns.
#pragma once

#include <Poco/JSON/Array.h>

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/service.h"

namespace Poco::JSON {
class Object;
}

namespace racesync {
class Clock;
}

namespace racesync::sandbox {

// One athlete as the sandbox holds it; gender "" stands for null.
struct RaceRangerAthlete {
  std::string externalId;
  std::string number;
  std::string firstName;
  std::string lastName;
  std::string gender;
  std::string ageGroup;
  std::string team;
  std::string country;
  bool operator==(const RaceRangerAthlete& other) const;
};

class RaceRangerSandbox : public Service {
 public:
  // Borrows `clock` (thread-safe, e.g. a ManualClock shared with the client under test): rate
  // limit windows and idempotency expiry run on it.
  explicit RaceRangerSandbox(Clock& clock);

  // --- Seeding (call before or while serving; all thread-safe) ---
  // What the fixed keys of `racesync sandbox` start with: org keys that cannot be mistaken for
  // real ones.
  static constexpr const char* kSandboxKeyPrefix = "sandbox-";

  // A key: its tier comes from the prefix (rr_o_ or sandbox- org, rr_e_ event). `eventIds`
  // restricts an org key to those events (empty: every event); an event key must name exactly one
  // event and may hold read:* scopes only. Throws std::invalid_argument otherwise, as the
  // RaceRanger app refuses to mint such a key.
  void addKey(const std::string& token, const std::vector<std::string>& scopes,
              const std::vector<std::string>& eventIds = {});
  void addEvent(const std::string& eventId, const std::string& name,
                const std::string& dateFrom = "2026-06-01", bool isOver = false);
  // A race of `eventId` (added before) with status scheduled | active | ended.
  void addRace(const std::string& eventId, const std::string& raceId, const std::string& name,
               const std::string& status = "scheduled");
  void setRaceStatus(const std::string& raceId, const std::string& status);
  // Puts `athlete` into `raceId` as if someone had entered it in the RaceRanger app.
  void putAthlete(const std::string& raceId, const RaceRangerAthlete& athlete);
  // At most `cap` athletes per import (default 500); more answers 413.
  void setBatchCap(int cap);
  // Requests per key a minute and an hour (default 120 and 1000).
  void setRateLimits(int perMinute, int perHour);
  // Items per page of a list (default 100).
  void setPageSize(int size);
  // The next `count` requests with a valid key answer 429 with Retry-After `seconds`, whatever
  // the windows say (the framework's failNext cannot set headers).
  void throttleNext(int count, int retryAfterSeconds);

  // --- Assertions ---
  // The athletes of a race, ordered by externalId.
  std::vector<RaceRangerAthlete> athletes(const std::string& raceId) const;
  // Imports that did their work: neither replays nor refusals (4xx before any row was looked at).
  int writeCount() const;
  // Deletes that removed an athlete (not replays, not 404s).
  int deleteCount() const;
  // Imports answered from the idempotency store.
  int replayCount() const;
  // The Idempotency-Key of every import request that carried one, in arrival order.
  std::vector<std::string> idempotencyKeysSeen() const;
  // Requests answered 429 (throttled or over a window).
  int rateLimitedCount() const;
  // Requests per key inside the windows at the clock's now, as the limiter counts them.
  int requestsInLastMinute(const std::string& token) const;
  int requestsInLastHour(const std::string& token) const;
  // The most requests any key had inside one sliding minute and hour window so far.
  int peakPerMinute() const;
  int peakPerHour() const;

  bool handles(const std::string& path) const override;
  Response handle(const Request& request) override;

 private:
  struct Key {
    bool eventTier = false;
    std::vector<std::string> scopes;
    std::vector<std::string> eventIds;
    std::deque<std::int64_t> sent;  // request times of the last hour
  };
  struct Event {
    std::string name;
    std::string dateFrom;
    bool isOver = false;
  };
  struct Race {
    std::string eventId;
    std::string name;
    std::string status;
    std::map<std::string, RaceRangerAthlete> athletes;  // by externalId
    std::map<std::string, std::string> numbers;         // number -> externalId holding it
  };
  struct Replay {
    std::string body;
    std::int64_t atMs = 0;
    Response response;
  };

  Response route(const Request& request, const std::string& token, Key& key,
                 const std::vector<std::string>& parts);
  // POST .../athletes:import (raceranger_sandbox_import.cpp).
  // The rows of an import the checks let through: validated, upserted by externalId, answered
  // with the counts and the rejected rows.
  Response importRows(const Poco::JSON::Array& rows, Race& race);
  // A write's guard: the answer refusing it (a read-only or unscoped key, no Idempotency-Key),
  // or none, when its Idempotency-Key is recorded and it may go on.
  std::optional<Response> refuseWrite(const Request& request, const Key& key);
  Response importAthletes(const Request& request, const std::string& token, const Key& key,
                          Race& race);
  // DELETE .../athletes/{externalId} (raceranger_sandbox_import.cpp): 204, 404 not_found,
  // 409 race_started; replayed by Idempotency-Key for 24 h like an import.
  Response deleteAthlete(const Request& request, const std::string& token, const Key& key,
                         Race& race, const std::string& externalId);
  // The answer stored for (token, Idempotency-Key) within 24 h, or a 422 when `body` differs;
  // false when there is none (the caller does the work and stores its answer in replays_).
  bool replayed(const std::string& replayId, const std::string& body, std::int64_t nowMs,
                Response& response);
  Response page(const std::vector<std::string>& items, const Request& request) const;
  Response pageOfAthletes(const Race& race, const Request& request) const;
  // GET /v1/events and /v1/events/{id}/races: the pages of what `key` may see.
  Response listEvents(const Request& request, const Key& key) const;
  Response listRaces(const Request& request, const Key& key, const std::string& eventId) const;
  // 429 when the key is over a window, else counts the request; fills the rate headers.
  bool overLimit(Key& key, std::int64_t nowMs, Response& limited);
  void rateHeaders(const Key& key, std::int64_t nowMs, Response& response) const;
  bool reaches(const Key& key, const std::string& eventId) const;
  static bool holds(const Key& key, const std::string& scope);
  static std::string stringify(const Poco::JSON::Object& object);
  // {"error": {"code": ..., "message": ...}}
  static Response error(int status, const std::string& code, const std::string& message);
  static Response forbidden(const std::string& message);
  static int inWindow(const std::deque<std::int64_t>& sent, std::int64_t nowMs, std::int64_t ms);

  Clock& clock_;
  mutable std::mutex mutex_;
  std::map<std::string, Key> keys_;
  std::vector<std::string> eventOrder_;
  std::map<std::string, Event> events_;
  std::vector<std::string> raceOrder_;
  std::map<std::string, Race> races_;
  std::map<std::string, Replay> replays_;  // by token + "\n" + Idempotency-Key
  int batchCap_ = 500;
  int perMinute_ = 120;
  int perHour_ = 1000;
  int pageSize_ = 100;
  int throttleCount_ = 0;
  int throttleSeconds_ = 1;
  int writes_ = 0;
  int deletes_ = 0;
  int replayCount_ = 0;
  int rateLimited_ = 0;
  int peakMinute_ = 0;
  int peakHour_ = 0;
  std::vector<std::string> idempotencyKeys_;
};

}  // namespace racesync::sandbox
