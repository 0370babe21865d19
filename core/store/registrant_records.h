// What racesync knows of the people it imports: the registrants table, its status enum, and the
// statements the import reads and writes it with. The SQL of that table lives here (other records
// files join it, binding the status through toString()).
#pragma once

#include <Poco/Types.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace racesync {

class StateStore;

// registrants.status: withdrawn registrants stay (their key is not lost) until they come back.
enum class RegistrantStatus { kActive, kWithdrawn };
// "active", "withdrawn": the stored strings.
const char* toString(RegistrantStatus status);
// The status a stored string names. Throws StoreError naming registrants.status for any other.
RegistrantStatus parseRegistrantStatus(const std::string& text);

// The imported values of one registrant (one row of the registrants table, less the run columns).
struct RegistrantRecord {
  std::string id, bib, firstName, lastName, name, email, race, gender, birthDate, ageGroup, team,
      country, language, source;
  int line = 0;
  std::string importHash;  // hash of the imported values
};

// What the import compares a row with: the stored hash, status and the values a bad row keeps.
struct StoredRegistrant {
  std::string importHash;
  RegistrantStatus status = RegistrantStatus::kActive;
  std::string birthDate, email, gender;
};

// What the import needs to know of every stored registrant to skip an unchanged row without SQL.
struct RegistrantHash {
  std::string importHash;
  RegistrantStatus status = RegistrantStatus::kActive;
};

// The registrants table as the import writes it: statements prepared once (StoreStatement), bound
// per row. Writes join the caller's transaction.
class RegistrantRecords {
 public:
  explicit RegistrantRecords(StateStore& store);
  ~RegistrantRecords();
  RegistrantRecords(const RegistrantRecords&) = delete;
  RegistrantRecords& operator=(const RegistrantRecords&) = delete;

  // Every stored registrant's import hash and status, by id: one read pass. Throws StoreError for
  // an unknown status.
  std::unordered_map<std::string, RegistrantHash> hashes();
  // The stored registrant `id`, or false when there is none. Throws StoreError for an unknown
  // status.
  bool find(const std::string& id, StoredRegistrant& out);
  // Inserts `record` as active, first and last seen in `runId`.
  void insert(const RegistrantRecord& record, Poco::Int64 runId, const std::string& updatedAt);
  // Replaces the values of `record.id` and makes it active again, last seen in `runId`.
  void update(const RegistrantRecord& record, Poco::Int64 runId, const std::string& updatedAt);

  // Up to `limit` active registrants the import ledger has not seen: "name" and "source:line",
  // by source and line.
  std::vector<std::pair<std::string, std::string>> unseenActive(int limit);
  // Marks every active registrant the import ledger has not seen as withdrawn; returns how many,
  // and adds their ids to `ids` when given.
  long long withdrawUnseen(Poco::Int64 runId, const std::string& updatedAt,
                           std::vector<std::string>* ids = nullptr);
  // How many active registrants the ledger has not seen (the ones withdrawUnseen would withdraw).
  long long countUnseenActive();
  // How many active registrants were not added by this import (the shrink guard's base).
  long long countActiveNotAdded();
  // How many active registrants came from `source` last time.
  long long countActiveFrom(const std::string& source);

  // The id `alias` stands for (id_aliases: a registrant matched after a corrected typo), or false.
  bool findAlias(const std::string& alias, std::string& id);
  // The stored values of `id` (false when there is none).
  bool values(const std::string& id, RegistrantRecord& out);
  // Pairs (new id, old id) of registrants without an id column: one added by this import, one
  // active the ledger has not seen, sharing a bib, or an email and a birth date.
  std::vector<std::pair<std::string, std::string>> correctionCandidates();
  // Keeps `oldId` with the values of `newId`, drops `newId` and makes it an alias of `oldId`;
  // the ledger counts `oldId` as seen.
  void mergeCorrected(const std::string& oldId, const std::string& newId, Poco::Int64 runId,
                      const std::string& updatedAt);

 private:
  struct Statements;
  StateStore& store_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace racesync
