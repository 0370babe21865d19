// libFuzzer target: every RACE RESULT answer the client parses (login, the participant list,
// logout) with any status and body: only racesync's errors may come out.
#include <string>

#include "core/base/errors.h"
#include "core/raceresult/raceresult_client.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const int status = racesync::fuzz::statusOf(data[0]);
  try {
    racesync::parseRaceResultList(body, "fuzz");
  } catch (const racesync::RacesyncError&) {
  }
  // The first byte's top bit: a fuzzed login answer, or a good login and a fuzzed list.
  racesync::fuzz::FuzzTransport http(status, body, (data[0] & 0x80) ? 0 : 1, "sess-1");
  racesync::RaceResultClient client(http, {"http://127.0.0.1:9", "123456", 1000}, "fuzz-key");
  try {
    client.list({"ID", "Bib", "FirstName"}, "");
  } catch (const racesync::RacesyncError&) {
    // Refused with racesync's own error: fine.
  }
  client.logout();  // never throws
  return 0;
}
