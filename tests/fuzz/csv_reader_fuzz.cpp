// libFuzzer target: the CSV reader on any UTF-8 text (quotes, delimiters, line ends, sep= lines).
#include <sstream>
#include <string>
#include <vector>

#include "core/base/csv_reader.h"
#include "core/base/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    racesync::CsvReader reader(in);
    std::vector<std::string> fields;
    if (!reader.readHeader(fields)) return 0;
    int records = 0;
    while (reader.next(fields)) {
      if (reader.line() < 1 || ++records > static_cast<int>(size) + 1) __builtin_trap();
    }
  } catch (const racesync::RacesyncError&) {
    // Refusing an input with racesync's own error is fine.
  }
  return 0;
}
