// All simulated services on one loopback server, seeded from a racesync configuration: the RACEMAP
// event, the RaceRanger event and its races, the RACE RESULT event. `racesync demo` runs the job
// against it; `racesync sandbox` keeps it up for rehearsing a real configuration.
#pragma once

#include <memory>
#include <string>

#include "core/config/settings.h"
#include "sandbox/sandbox_server.h"

namespace racesync {
class Clock;
}

namespace racesync::sandbox {

class RacemapSandbox;
class RaceRangerSandbox;
class RaceResultSandbox;

class Rehearsal {
 public:
  // The credentials the simulated services accept; racesync reads them from the environment.
  // They are printed and known to everyone, so none has the form of a real one (no rr_o_).
  static constexpr const char* kRacemapToken = "sandbox-racemap-token";
  static constexpr const char* kRaceRangerKey = "sandbox-raceranger-key";
  static constexpr const char* kRaceResultKey = "sandbox-raceresult-key";

  // Seeds from `settings` (racemap.event_id, raceranger.event_id, raceranger.races.*,
  // raceresult.event_id; sensible demo ids where they are missing) and, when
  // `participantsCsv` is not empty, the RACE RESULT event with that export's registrants.
  // `clock` (borrowed) drives RaceRanger's rate limits. `racemapSeed` fixes the keys the
  // simulated RACEMAP generates, so that two demos compare byte for byte (0: a random seed).
  Rehearsal(const Settings& settings, Clock& clock, int port,
            const std::string& participantsCsv = "", unsigned racemapSeed = 0);
  ~Rehearsal();

  void start();
  void stop();
  std::string baseUrl() const { return server_.baseUrl(); }
  const std::string& raceResultEvent() const { return raceresultEvent_; }
  SandboxServer& server() { return server_; }
  RacemapSandbox& racemap() { return *racemap_; }
  RaceRangerSandbox& raceranger() { return *raceranger_; }

  // The environment a racesync run needs to talk to these services.
  static Environment credentials();
  // What `racesync sandbox` prints: the base URL, the settings and the variables to use.
  std::string banner() const;

 private:
  std::string racemapEvent_;
  std::string racerangerEvent_;
  std::string raceresultEvent_;
  SandboxServer server_;
  std::shared_ptr<RacemapSandbox> racemap_;
  std::shared_ptr<RaceRangerSandbox> raceranger_;
  std::shared_ptr<RaceResultSandbox> raceresult_;
};

}  // namespace racesync::sandbox
