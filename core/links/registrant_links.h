// What the links and racemap steps read of each registrant: the imported facts joined with the
// assigned key and the stored link and QR file, in the stable order keys are assigned in.
#pragma once

#include <string>
#include <vector>

namespace racesync {

class StateStore;

struct RegistrantLink {
  std::string id;
  std::string bib;
  std::string firstName;
  std::string lastName;
  std::string name;  // display name: the export's name, else "first last"
  std::string email;
  std::string race;
  std::string status;  // active | withdrawn
  std::string key;     // "" when none is assigned
  std::string link;    // stored link, "" when none yet
  std::string qrFile;  // relative to out.dir, "" when none
  std::string qrLink;  // the link the QR file encodes
};

// Every registrant (active and withdrawn), ordered by first run, source, line and id.
std::vector<RegistrantLink> loadRegistrantLinks(StateStore& store);

}  // namespace racesync
