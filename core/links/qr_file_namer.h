// The file names of the QR codes under out.dir/qr/ (docs/CONTRACT.md §6): made from the bib (or
// the registration id without one) with only [A-Za-z0-9_-], unique even when two bibs sanitise
// alike (compared ignoring case, for case-insensitive file systems), and stable across runs.
#pragma once

#include <set>
#include <string>

namespace racesync {

// Keeps A-Z a-z 0-9 _ -; every other character (a whole UTF-8 sequence) becomes one '_'.
// At most 80 characters; "registrant" when nothing is left.
std::string sanitizeFileStem(const std::string& text);

class QrFileNamer {
 public:
  // True when `stored` ("qr/<name>.png") is still a name this namer would give the registrant:
  // the bib's (or id's) stem, alone or with the registrant's suffix. Keeping such a name keeps
  // files stable when another registrant's bib starts to collide with it.
  static bool fits(const std::string& stored, const std::string& registrationId,
                   const std::string& bib);

  // Marks `file` ("qr/<name>.png") as taken.
  void reserve(const std::string& file);
  // A free name for the registrant, taken at once: "qr/<stem>.png", else
  // "qr/<stem>_<sanitised id>.png", else that with "-2", "-3", ...
  std::string allocate(const std::string& registrationId, const std::string& bib);

 private:
  std::set<std::string> taken_;  // lower-cased
};

}  // namespace racesync
