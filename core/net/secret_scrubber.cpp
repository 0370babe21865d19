#include "core/net/secret_scrubber.h"

#include <Poco/Ascii.h>
#include <Poco/String.h>

#include <algorithm>

#include "core/base/percent_encoding.h"

namespace racesync {

namespace {

std::string lowerHex(std::string encoded) {
  for (std::size_t i = 0; i + 2 < encoded.size(); ++i) {
    if (encoded[i] != '%') continue;
    encoded[i + 1] = static_cast<char>(Poco::Ascii::toLower(encoded[i + 1]));
    encoded[i + 2] = static_cast<char>(Poco::Ascii::toLower(encoded[i + 2]));
    i += 2;
  }
  return encoded;
}

std::string jsonEscaped(const std::string& secret) {
  std::string out;
  for (char c : secret) {
    if (c == '"' || c == '\\' || c == '/') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void SecretScrubber::add(const std::string& secret) {
  if (secret.empty()) return;
  const std::string encoded = percentEncode(secret);
  for (const std::string& form :
       {secret, encoded, lowerHex(encoded),
        Poco::replace(encoded, std::string("%20"), std::string("+")), jsonEscaped(secret)}) {
    if (std::find(forms_.begin(), forms_.end(), form) == forms_.end()) forms_.push_back(form);
  }
  std::stable_sort(forms_.begin(), forms_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string SecretScrubber::scrub(std::string text) const {
  for (const auto& form : forms_) {
    if (text.find(form) != std::string::npos) Poco::replaceInPlace(text, form, std::string(kMask));
  }
  return text;
}

}  // namespace racesync
