// What racesync knows of printed labels: the registrants a label can be printed for (active, with a
// key and a link) and the printed_labels table, one record of what each registrant's last printed
// label showed. The SQL of that table lives here.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace racesync {

class StateStore;

// An active registrant with a key and a link: everything a label shows.
struct LabelCandidate {
  std::string registrationId;
  std::string bib;
  std::string name;  // the display name, or "first last" when there is none
  std::string race;
  std::string key;
  std::string link;
};

// One row of printed_labels.
struct PrintedLabel {
  std::string registrationId;
  std::string contentHash;  // labelHash() of the label as printed
  std::string file;         // the PDF it went into, relative to out.dir
  std::string printedAt;    // ISO 8601 UTC
};

// The printed_labels table of one store, and the registrants labels are printed for.
class LabelRecords {
 public:
  explicit LabelRecords(StateStore& store) : store_(store) {}

  // Active registrants with a link, in id order.
  std::vector<LabelCandidate> candidates();
  // Active registrants without a link yet (no key, or the links step has not run).
  long long withoutLink();
  // Every printed_labels row, by registration id.
  std::map<std::string, PrintedLabel> printed();
  // Inserts or replaces the rows of `labels`, in one transaction (or the caller's).
  void markPrinted(const std::vector<PrintedLabel>& labels);

 private:
  StateStore& store_;
};

// A hash of what a label shows (bib, name, race, key, link): a label whose hash changed since it
// was printed must be printed again.
std::string labelHash(const LabelCandidate& label);

}  // namespace racesync
