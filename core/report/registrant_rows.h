// The registrants as the report lists them, read from the store one row at a time (never all at
// once: 200,000 rows must not cost 200,000 rows of memory), in race order.
#pragma once

#include <functional>
#include <string>

namespace racesync {

class StateStore;

struct RegistrantRow {
  std::string id;
  std::string bib;
  std::string firstName;
  std::string lastName;
  std::string name;
  std::string email;
  std::string race;
  bool withdrawn = false;
  std::string key;
  std::string link;
  std::string qrFile;     // relative to out.dir, "" when none
  std::string athlete;    // RaceRanger outcome: created | updated | unchanged | rejected | ""
  std::string mail;       // state of the mail of the current link: sent | failed | outbox | ...
  std::string mailError;  // the last error of that mail
  std::string source;     // the file of the last import, "" when none
  int line = 0;           // the line in that file
};

// Calls `each` for every registrant (active and withdrawn), ordered by race, then active before
// withdrawn, then bib (numerically where bibs are numbers; none last), then name. The row passed
// is reused: copy what must outlive the call. Throws StoreError when the query fails.
void forEachRegistrant(StateStore& store, const std::function<void(const RegistrantRow&)>& each);

}  // namespace racesync
