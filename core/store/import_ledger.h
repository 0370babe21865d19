// The import ledger: the registration ids and bibs one import has met so far, with where it met
// them, kept in temporary tables (not in memory), so that an export of any length is checked for
// duplicates with a flat memory footprint. RegistrantRecords reads it to find who was not seen.
#pragma once

#include <memory>
#include <string>

namespace racesync {

class StateStore;

// Where a row was met: its file, line and "file:line" as messages show it, and the name on it.
struct LedgerPlace {
  std::string source;
  int line = 0;
  std::string place;
  std::string name;
  std::string race;  // kept for ids only: a row without one is not a registration
  std::string id;    // kept for bibs only: the registrant holding it
};

class ImportLedger {
 public:
  // Creates the temporary tables when needed and empties them: a new import starts. Borrows
  // `store`; its writes join the caller's transaction.
  explicit ImportLedger(StateStore& store);
  ~ImportLedger();
  ImportLedger(const ImportLedger&) = delete;
  ImportLedger& operator=(const ImportLedger&) = delete;

  // Records `id` as met at `at`. Returns false, with the earlier place in `earlier`, when this
  // import met it before.
  bool markSeen(const std::string& id, const LedgerPlace& at, LedgerPlace& earlier);
  // Moves `id` to `at` (the registration row after an order's T-shirt row).
  void updateSeen(const std::string& id, const LedgerPlace& at);
  // Records `id` as new in this import (the withdrawal guard leaves those out of its base).
  void markAdded(const std::string& id);
  // Gives `bib` to the row at `at` (its id and name). Returns false, with the earlier holder in
  // `earlier`, when another row of this import has it (earlier.id may be at.id).
  bool claimBib(const std::string& bib, const LedgerPlace& at, LedgerPlace& earlier);

 private:
  struct Statements;
  std::unique_ptr<Statements> statements_;
};

}  // namespace racesync
