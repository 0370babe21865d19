// libFuzzer target: mapping any header line (and a column override taken from it) to fields.
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/csv_reader.h"
#include "core/base/errors.h"
#include "core/import/header_map.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  racesync::CsvReader reader(in);
  std::vector<std::string> headers;
  if (!reader.readHeader(headers) || headers.empty()) return 0;
  std::map<racesync::Field, std::string> overrides;
  // The first byte picks a field and whether an override names one of the headers (or not).
  const auto field = static_cast<racesync::Field>(data[0] % racesync::kFieldCount);
  if (data[0] & 0x80) overrides[field] = headers[data[0] % headers.size()];
  if (data[0] & 0x40) overrides[field] = "no such header";
  try {
    racesync::HeaderMap map(headers, overrides, "fuzz.csv");
    for (std::size_t f = 0; f < racesync::kFieldCount; ++f) {
      const int column = map.column(static_cast<racesync::Field>(f));
      if (column < -1 || column >= static_cast<int>(headers.size())) __builtin_trap();
    }
    for (const auto& header : headers) {
      if (map.find(header) >= static_cast<int>(headers.size())) __builtin_trap();
    }
  } catch (const racesync::RacesyncError&) {
    // An override naming no header is a ConfigurationError: fine.
  }
  return 0;
}
