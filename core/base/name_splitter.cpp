#include "core/base/name_splitter.h"

#include <Poco/String.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace racesync {

namespace {

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> result;
  for (std::string word; in >> word;) result.push_back(word);
  return result;
}

std::string joined(std::vector<std::string>::const_iterator begin,
                   std::vector<std::string>::const_iterator end) {
  std::string text;
  for (auto it = begin; it != end; ++it) {
    if (!text.empty()) text += ' ';
    text += *it;
  }
  return text;
}

bool isParticle(const std::string& word) {
  static const char* const kParticles[] = {"van", "de", "von", "di", "da", "der",
                                           "den", "la", "le",  "du", "del"};
  std::string lower = Poco::toLower(word);
  return std::any_of(std::begin(kParticles), std::end(kParticles),
                     [&](const char* particle) { return lower == particle; });
}

}  // namespace

SplitName splitName(const std::string& displayName) {
  auto comma = displayName.find(',');
  if (comma != std::string::npos) {
    auto last = words(displayName.substr(0, comma));
    auto first = words(displayName.substr(comma + 1));
    return {joined(first.begin(), first.end()), joined(last.begin(), last.end())};
  }
  auto parts = words(displayName);
  if (parts.empty()) return {};
  if (parts.size() == 1) return {"", parts.front()};
  // The last name starts at the last word and takes in the particles before it, but never the
  // first word: someone is always left with a first name.
  std::size_t start = parts.size() - 1;
  while (start > 1 && isParticle(parts[start - 1])) --start;
  return {joined(parts.begin(), parts.begin() + static_cast<long>(start)),
          joined(parts.begin() + static_cast<long>(start), parts.end())};
}

}  // namespace racesync
