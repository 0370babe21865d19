// What one printed label shows, and the order labels come out in: by race, then by bib as people
// count (9 before 10). Pure functions of their input.
#pragma once

#include <string>
#include <vector>

namespace racesync {

struct LabelData {
  std::string registrationId;
  std::string bib;
  std::string name;
  std::string race;
  std::string key;   // the RACEMAP starter key, printed for people who type it
  std::string link;  // the redeem link the QR code carries
};

// Compares `a` and `b` with runs of ASCII digits taken as numbers ("9" < "10", "A2" < "A10") and
// everything else byte by byte; numbers equal in value ("7", "007") fall back to the plain bytes,
// so the order is total. Returns <0, 0 or >0.
int compareNatural(const std::string& a, const std::string& b);

// `labels` ordered by race, then bib (both with compareNatural; labels without a bib after those
// with one), then registration id.
std::vector<LabelData> sortLabels(std::vector<LabelData> labels);

// Sorted labels cut into one group per race, in the same order.
std::vector<std::vector<LabelData>> splitByRace(const std::vector<LabelData>& sorted);

}  // namespace racesync
