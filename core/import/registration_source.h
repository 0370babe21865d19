// Where registrations come from: a CSV export today, the RACE RESULT API tomorrow. A source hands
// out raw rows one at a time (never all at once), and says what it met on the way.
#pragma once

#include <string>
#include <vector>

#include "core/import/registration.h"
#include "core/store/problem_log.h"

namespace racesync {

// What a source met while reading: rows it left out, trouble that is not about one field of one
// row (an unclosed quote, junk after the data), and whether it read all of its data.
struct SourceReport {
  std::string name;       // "registrations.csv", "raceresult"
  std::string format;     // how it was read, for notes: "windows-1252, ';' separated"
  long long rows = 0;     // rows handed out by next()
  long long skipped = 0;  // rows left out on purpose (registrations.skip_when)
  // False when the data may be cut short (an unclosed quote ran to the end of the file): the
  // import then marks nobody as withdrawn.
  bool complete = true;
  std::vector<std::string> warnings;  // for the user, not stored: "data ends at line 353 ..."
  // Of the warnings, those about data that may be lost (no email column): shown even with -q.
  std::vector<std::string> alerts;
  std::vector<Problem> problems;  // row-level, stored with the import's problems
};

class RegistrationSource {
 public:
  virtual ~RegistrationSource() = default;
  // Fills `row` with the next registration and returns true; false when there is none left.
  // Throws InputError when the source cannot be read at all.
  virtual bool next(RawRegistration& row) = 0;
  // Up to date after every next(); final once next() returned false.
  virtual const SourceReport& report() const = 0;
};

}  // namespace racesync
