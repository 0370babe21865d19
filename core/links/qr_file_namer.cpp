#include "core/links/qr_file_namer.h"

#include <Poco/String.h>

namespace racesync {
namespace {

std::string stemOf(const std::string& registrationId, const std::string& bib) {
  return sanitizeFileStem(Poco::trim(bib).empty() ? registrationId : Poco::trim(bib));
}

std::string fileFor(const std::string& stem) { return "qr/" + stem + ".png"; }

}  // namespace

std::string sanitizeFileStem(const std::string& text) {
  std::string stem;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
        c == '-') {
      stem += static_cast<char>(c);
    } else if ((c & 0xC0) != 0x80) {  // continuation bytes belong to the '_' already written
      stem += '_';
    }
    if (stem.size() >= 80) break;
  }
  return stem.empty() ? "registrant" : stem;
}

bool QrFileNamer::fits(const std::string& stored, const std::string& registrationId,
                       const std::string& bib) {
  const std::string stem = stemOf(registrationId, bib);
  if (stored == fileFor(stem)) return true;
  const std::string suffixed = "qr/" + stem + "_" + sanitizeFileStem(registrationId);
  return stored.rfind(suffixed, 0) == 0 && stored.size() >= 4 &&
         stored.compare(stored.size() - 4, 4, ".png") == 0;
}

void QrFileNamer::reserve(const std::string& file) { taken_.insert(Poco::toLower(file)); }

std::string QrFileNamer::allocate(const std::string& registrationId, const std::string& bib) {
  const std::string stem = stemOf(registrationId, bib);
  std::string file = fileFor(stem);
  if (taken_.count(Poco::toLower(file)) != 0) {
    const std::string suffixed = stem + "_" + sanitizeFileStem(registrationId);
    file = fileFor(suffixed);
    for (int n = 2; taken_.count(Poco::toLower(file)) != 0; ++n) {
      file = fileFor(suffixed + "-" + std::to_string(n));
    }
  }
  reserve(file);
  return file;
}

}  // namespace racesync
