// libFuzzer target: encoding detection and decoding of any bytes into UTF-8, then the CSV reader
// on the result, as an import reads an export.
#include <istream>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/csv_reader.h"
#include "core/base/errors.h"
#include "core/base/text_decoder.h"

namespace {

// True when `text` is valid UTF-8: whatever the input, the decoder must only yield that.
bool validUtf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80           ? 1
                         : (c >> 5) == 0x6  ? 2
                         : (c >> 4) == 0xE  ? 3
                         : (c >> 3) == 0x1E ? 4
                                            : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    std::istringstream raw(bytes);
    const racesync::DetectedEncoding detected = racesync::detectEncoding(raw, "fuzz.csv");
    racesync::TextDecoder decoder(raw, detected.encoding);
    std::istream text(&decoder);
    std::ostringstream all;
    all << text.rdbuf();
    if (!validUtf8(all.str())) __builtin_trap();
    std::istringstream again(all.str());
    racesync::CsvReader reader(again);
    std::vector<std::string> fields;
    if (reader.readHeader(fields)) {
      while (reader.next(fields)) {
      }
    }
  } catch (const racesync::RacesyncError&) {
    // A binary file is refused with an InputError: fine.
  }
  return 0;
}
