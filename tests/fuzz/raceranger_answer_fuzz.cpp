// libFuzzer target: every RaceRanger answer the client parses (the race listing with its cursor,
// the athlete import) with any status and body: only racesync's errors may come out.
#include <string>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/raceranger/raceranger_client.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  racesync::fuzz::FuzzTransport http(racesync::fuzz::statusOf(data[0]), body);
  racesync::ManualClock clock;
  racesync::RaceRangerConfig config;
  config.baseUrl = "http://127.0.0.1:9";
  config.eventId = "evt_1";
  config.apiKey = "rr_o_fuzz";
  config.maxTries = 2;
  config.maxPages = 5;
  racesync::RaceRangerClient client(config, http, clock, 1);
  try {
    client.listRaces();
  } catch (const racesync::RacesyncError&) {
    // Refused with racesync's own error: fine.
  }
  try {
    client.importAthletes("race_1", "{\"athletes\": []}", "idem-1");
  } catch (const racesync::RacesyncError&) {
  }
  return 0;
}
