// What racesync knows of redeem links: the links table (the link of each registrant and the QR
// file rendered from it) and what the links and racemap steps read of each registrant, joined with
// the assigned key. The SQL of that table lives here.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/store/registrant_records.h"

namespace racesync {

class StateStore;

// One row of the links table.
struct LinkRecord {
  std::string registrationId;
  std::string key;
  std::string link;
  std::string qrFile;  // relative to out.dir, e.g. qr/42.png
  std::string qrLink;  // the link the file on disk encodes, "" when it was not written
  std::string updatedAt;
};

// A registrant as the links and racemap steps see it: the imported facts joined with the assigned
// key and the stored link and QR file.
struct RegistrantLink {
  std::string id;
  std::string bib;
  std::string firstName;
  std::string lastName;
  std::string name;  // display name: the export's name, else "first last"
  std::string email;
  std::string race;
  RegistrantStatus status = RegistrantStatus::kActive;
  std::string key;     // "" when none is assigned
  std::string link;    // stored link, "" when none yet
  std::string qrFile;  // relative to out.dir, "" when none
  std::string qrLink;  // the link the QR file encodes
};

// The links table of one store. Writes join the caller's transaction.
class LinkRecords {
 public:
  explicit LinkRecords(StateStore& store);
  ~LinkRecords();
  LinkRecords(const LinkRecords&) = delete;
  LinkRecords& operator=(const LinkRecords&) = delete;

  // Every registrant (active and withdrawn), ordered by first run, source, line and id: the order
  // keys are handed out in. Throws StoreError for an unknown status.
  std::vector<RegistrantLink> registrantLinks();
  // The same rows, one at a time, without holding them all: `visit` may move from its argument.
  void eachRegistrantLink(const std::function<void(RegistrantLink&)>& visit);
  // Inserts the row of `record.registrationId`, or replaces it (one statement, prepared once).
  void put(const LinkRecord& record);
  // Deletes the row of `registrationId`, if any.
  void remove(const std::string& registrationId);

 private:
  struct Statements;
  StateStore& store_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace racesync
