#include "core/labels/label_data.h"

#include <algorithm>

namespace racesync {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The end of the run of digits that starts at `from`.
size_t digitsEnd(const std::string& text, size_t from) {
  while (from < text.size() && isDigit(text[from])) ++from;
  return from;
}

// Compares two runs of digits by value, whatever their length: leading zeros are skipped, then
// the longer run is the larger number, then the digits decide.
int compareNumbers(const std::string& a, size_t aFrom, size_t aEnd, const std::string& b,
                   size_t bFrom, size_t bEnd) {
  while (aFrom + 1 < aEnd && a[aFrom] == '0') ++aFrom;
  while (bFrom + 1 < bEnd && b[bFrom] == '0') ++bFrom;
  const size_t aLength = aEnd - aFrom;
  const size_t bLength = bEnd - bFrom;
  if (aLength != bLength) return aLength < bLength ? -1 : 1;
  return a.compare(aFrom, aLength, b, bFrom, bLength);
}

int sign(int value) { return (value > 0) - (value < 0); }

}  // namespace

int compareNatural(const std::string& a, const std::string& b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (isDigit(a[i]) && isDigit(b[j])) {
      const size_t iEnd = digitsEnd(a, i);
      const size_t jEnd = digitsEnd(b, j);
      const int byValue = compareNumbers(a, i, iEnd, b, j, jEnd);
      if (byValue != 0) return sign(byValue);
      i = iEnd;
      j = jEnd;
      continue;
    }
    if (a[i] != b[j])
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) return i < a.size() ? 1 : -1;
  return sign(a.compare(b));
}

std::vector<LabelData> sortLabels(std::vector<LabelData> labels) {
  std::stable_sort(labels.begin(), labels.end(), [](const LabelData& x, const LabelData& y) {
    if (int byRace = compareNatural(x.race, y.race)) return byRace < 0;
    if (x.bib.empty() != y.bib.empty()) return y.bib.empty();
    if (int byBib = compareNatural(x.bib, y.bib)) return byBib < 0;
    return compareNatural(x.registrationId, y.registrationId) < 0;
  });
  return labels;
}

std::vector<std::vector<LabelData>> splitByRace(const std::vector<LabelData>& sorted) {
  std::vector<std::vector<LabelData>> races;
  for (const LabelData& label : sorted) {
    if (races.empty() || races.back().front().race != label.race) races.emplace_back();
    races.back().push_back(label);
  }
  return races;
}

}  // namespace racesync
