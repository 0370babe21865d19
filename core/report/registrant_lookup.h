// `racesync lookup`: everything the race office wants to know about a registrant in one place: the
// key, the link, the QR file, what became of the mail and of the RaceRanger push, and the problems
// stored with the registration.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/store/athlete_records.h"
#include "core/store/mail_records.h"
#include "core/store/problem_log.h"
#include "core/store/registrant_finder.h"

namespace racesync {

class StateStore;

struct RegistrantDetails {
  RegistrantMatch match;
  std::string key;     // "" without a key yet
  std::string link;    // "" without a link yet
  std::string qrPath;  // absolute, "" without a QR file
  bool qrOnDisk = false;
  std::optional<MailRecord> mail;        // the mail of the current link, if any
  std::optional<AthleteRecord> athlete;  // the last RaceRanger push, if any
  std::string raceNote;                  // why the race's athletes were not pushed, if so
  std::vector<Problem> problems;         // stored with this registration id
};

// The details of each match, in the order given; `outDir` makes QR paths absolute. Throws
// StoreError for a value the store should not hold.
std::vector<RegistrantDetails> lookupDetails(StateStore& store,
                                             const std::vector<RegistrantMatch>& matches,
                                             const std::string& outDir);

// The text `racesync lookup` prints: a block per registrant.
std::string formatLookup(const std::vector<RegistrantDetails>& details);

}  // namespace racesync
