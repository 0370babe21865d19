// libFuzzer target: every RACEMAP answer the client parses (inspect, the event, starter keys,
// starters, generate) with any status and body: only racesync's errors may come out.
#include <string>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/racemap/racemap_client.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  racesync::fuzz::FuzzTransport http(racesync::fuzz::statusOf(data[0]), body);
  racesync::ManualClock clock;
  racesync::RacemapConfig config;
  config.baseUrl = "http://127.0.0.1:9";
  config.eventId = "evt";
  config.token = "fuzz-token";
  config.readTries = 2;
  racesync::RacemapClient client(http, clock, config);
  for (int call = 0; call < 5; ++call) {
    try {
      if (call == 0) client.inspect();
      if (call == 1) client.eventName();
      if (call == 2) client.starterKeys();
      if (call == 3) client.starters();
      if (call == 4) client.generateStarterKeys(3);
    } catch (const racesync::RacesyncError&) {
      // Refused with racesync's own error: fine.
    }
  }
  return 0;
}
