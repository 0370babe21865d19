#include "sandbox/rehearsal.h"

#include <sstream>

#include "sandbox/racemap_sandbox.h"
#include "sandbox/raceranger_sandbox.h"
#include "sandbox/raceresult_sandbox.h"

namespace racesync::sandbox {

namespace {

// The sandbox's own stand-in for a key the configuration leaves blank.
std::string textOr(const Settings& settings, const std::string& key, const std::string& fallback) {
  std::string value = settings.text(key);
  return value.empty() ? fallback : value;
}

}  // namespace

Rehearsal::Rehearsal(const Settings& settings, Clock& clock, int port,
                     const std::string& participantsCsv, unsigned racemapSeed)
    : racemapEvent_(textOr(settings, "racemap.event_id", "demo-event")),
      racerangerEvent_(textOr(settings, "raceranger.event_id", "evt_demo")),
      raceresultEvent_(textOr(settings, "raceresult.event_id", "123456")),
      server_(port),
      racemap_(std::make_shared<RacemapSandbox>(kRacemapToken, "sandbox-user", racemapSeed)),
      raceranger_(std::make_shared<RaceRangerSandbox>(clock)),
      raceresult_(std::make_shared<RaceResultSandbox>(kRaceResultKey, raceresultEvent_)) {
  std::string eventName = textOr(settings, "event.name", "Sandbox event");
  racemap_->addEvent(racemapEvent_, eventName);
  raceranger_->addEvent(racerangerEvent_, eventName);
  raceranger_->addKey(kRaceRangerKey,
                      {"read:events", "read:races", "read:athletes", "write:athletes"});
  for (const auto& race : settings.keysUnder("raceranger.races")) {
    raceranger_->addRace(racerangerEvent_, settings.text("raceranger.races." + race), race);
  }
  if (!participantsCsv.empty()) raceresult_->setParticipants(participantsFromCsv(participantsCsv));
  // RACE RESULT's /api/public/... lies inside RACEMAP's /api/...: it must be asked first.
  server_.add(raceresult_);
  server_.add(racemap_);
  server_.add(raceranger_);
}

Rehearsal::~Rehearsal() { stop(); }

void Rehearsal::start() { server_.start(); }

void Rehearsal::stop() { server_.stop(); }

Environment Rehearsal::credentials() {
  return {{"RACEMAP_TOKEN", kRacemapToken},
          {"RACERANGER_API_KEY", kRaceRangerKey},
          {"RACERESULT_API_KEY", kRaceResultKey}};
}

std::string Rehearsal::banner() const {
  std::ostringstream out;
  out << "racesync sandbox listening on " << baseUrl() << "\n"
      << "  RACEMAP     event " << racemapEvent_ << "\n"
      << "  RaceRanger  event " << racerangerEvent_ << "\n"
      << "  RACE RESULT event " << raceresultEvent_ << "\n"
      << "point your configuration at it:\n"
      << "  racemap.base_url = " << baseUrl() << "\n"
      << "  raceranger.base_url = " << baseUrl() << "\n"
      << "  raceresult.base_url = " << baseUrl() << "\n"
      << "and export:\n";
  for (const auto& [name, value] : credentials())
    out << "  export " << name << "=" << value << "\n";
  out << "stop it with Ctrl-C\n";
  return out.str();
}

}  // namespace racesync::sandbox
