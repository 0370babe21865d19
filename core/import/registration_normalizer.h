// Turns a raw row from any source into a Registration: trimmed values, bib as text, gender,
// birth date, a checked email, the race, and the stable registration id of docs/CONTRACT.md §6.
// Pure: the store is not involved; every value it cannot use becomes a Problem.
#pragma once

#include <string>
#include <vector>

#include "core/import/registration.h"
#include "core/import/value_normalizer.h"
#include "core/store/problem_log.h"

namespace racesync {

struct NormalizerOptions {
  DateOrder dateOrder = DateOrder::kDayMonthYear;
  // The races the configuration knows (raceranger.races.*, registrations.races); empty when it
  // names none, and then every race is accepted.
  std::vector<std::string> knownRaces;
};

class RegistrationNormalizer {
 public:
  explicit RegistrationNormalizer(NormalizerOptions options);

  // Normalises `raw` into `out` and appends a Problem (step "import", with raw.source and
  // raw.line) for each value it cannot use: such a value is "" in `out` and marked in
  // out.invalid. Returns false when the row cannot be imported at all (it has no name); `out.id`
  // is still filled when the row carries its own id, so that the store keeps what it holds.
  // A race spelt differently from a configured one ("half marathon") takes the configured
  // spelling; an unknown race is kept and reported.
  bool normalize(const RawRegistration& raw, Registration& out,
                 std::vector<Problem>& problems) const;

  // The id of a registration without an id column: "h-" and 16 hex digits of a SHA-1 over the
  // lower-cased email, full name and birth date (as written when it is not a date). The bib is
  // not part of it; names typed with other case or spacing give the same id.
  static std::string derivedId(const std::string& email, const std::string& fullName,
                               const std::string& birthDate);

 private:
  // A race spelt like a configured one takes its spelling; another is a Problem (when races are
  // configured at all).
  void checkRace(const RawRegistration& raw, Registration& out,
                 std::vector<Problem>& problems) const;

  NormalizerOptions options_;
  std::vector<std::string> raceKeys_;  // matchKey of each known race
};

// `value` cut to 40 characters (whole UTF-8 sequences) with "..." when longer: for messages.
std::string shortened(const std::string& value);

}  // namespace racesync
