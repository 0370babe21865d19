#include "core/raceresult/raceresult_registration_source.h"

#include <Poco/String.h>

#include "core/base/errors.h"
#include "core/config/settings.h"

namespace racesync {

RaceResultSourceOptions raceResultSourceOptions(const Settings& settings) {
  RaceResultSourceOptions options;
  options.client.baseUrl = settings.text("raceresult.base_url");
  options.client.eventId = settings.required("raceresult.event_id",
                                             "the event id of the RACE RESULT event (the number "
                                             "in its address, e.g. 123456)");
  options.client.timeoutMs = static_cast<int>(settings.integer("raceresult.timeout_ms"));
  options.fields = RaceResultFields::fromSettings(settings);
  options.filter = settings.text("raceresult.filter");
  return options;
}

RaceResultRegistrationSource::RaceResultRegistrationSource(HttpTransport& http,
                                                           const RaceResultSourceOptions& options,
                                                           const std::string& apiKey)
    : fields_(options.fields) {
  report_.name = "raceresult";
  report_.format = "RACE RESULT event " + options.client.eventId;
  RaceResultClient client(http, options.client, apiKey);
  try {
    rows_ = client.list(fields_.request(), options.filter);
  } catch (const RacesyncError&) {
    client.logout();  // best effort: the list's error is the one to report
    throw;
  }
  std::string logout = client.logout();
  if (!logout.empty()) report_.warnings.push_back(logout + ": the session expires on its own");
  std::size_t shortRows = 0;
  for (const auto& row : rows_) shortRows += row.size() < fields_.request().size() ? 1 : 0;
  if (shortRows > 0) {
    report_.warnings.push_back("raceresult: " + std::to_string(shortRows) +
                               " rows had fewer values than fields asked for: the missing ones "
                               "are read as empty");
  }
}

bool RaceResultRegistrationSource::next(RawRegistration& row) {
  if (nextRow_ >= rows_.size()) return false;
  const RaceResultRow& cells = rows_[nextRow_++];
  row = RawRegistration{};
  for (const auto& [name, value] : fields_.map(cells)) {
    if (auto field = fieldFromName(name)) row[*field] = value;
  }
  row.source = "raceresult";
  row.line = 0;
  row.place = raceResultPlace(Poco::trim(row[Field::kId]), nextRow_);
  ++report_.rows;
  return true;
}

std::unique_ptr<RegistrationSource> openRaceResultSource(HttpTransport& http,
                                                         const Settings& settings) {
  RaceResultSourceOptions options = raceResultSourceOptions(settings);
  std::string key =
      settings.secret(RaceResultClient::kKeyVariable,
                      "an API key made in RACE RESULT under Account Access, API Keys");
  return std::make_unique<RaceResultRegistrationSource>(http, options, key);
}

}  // namespace racesync
