// Registrations read straight from a RACE RESULT event (registrations.source = raceresult): the
// participant list fetched once through RaceResultClient, handed out row by row as the same raw
// rows a CSV export gives, each placed by its RACE RESULT ID ("raceresult:ID 1234").
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/import/registration_source.h"
#include "core/raceresult/raceresult_client.h"
#include "core/raceresult/raceresult_fields.h"

namespace racesync {

class Settings;

struct RaceResultSourceOptions {
  RaceResultOptions client;
  RaceResultFields fields = RaceResultFields::defaults();
  std::string filter;
};

// raceresult.base_url (default https://events.raceresult.com), raceresult.event_id (required),
// raceresult.fields[.<field>], raceresult.filter, raceresult.timeout_ms (default 30000). Throws
// ConfigurationError naming the key.
RaceResultSourceOptions raceResultSourceOptions(const Settings& settings);

class RaceResultRegistrationSource : public RegistrationSource {
 public:
  // Fetches the participants now (login, data/list, logout), so that a refused key or an
  // unreachable server fails before the import writes anything. Throws what RaceResultClient
  // throws: RemoteError (exit 69) for a refused key or a bad answer, TemporaryError (exit 75)
  // for a timeout or a 5xx. Borrows `http` only during the call.
  RaceResultRegistrationSource(HttpTransport& http, const RaceResultSourceOptions& options,
                               const std::string& apiKey);

  bool next(RawRegistration& row) override;
  const SourceReport& report() const override { return report_; }

 private:
  RaceResultFields fields_;
  std::vector<RaceResultRow> rows_;
  std::size_t nextRow_ = 0;
  SourceReport report_;
};

// The source the configuration describes, with the key from RACERESULT_API_KEY (a
// ConfigurationError when it is not set), fetched.
std::unique_ptr<RegistrationSource> openRaceResultSource(HttpTransport& http,
                                                         const Settings& settings);

}  // namespace racesync
