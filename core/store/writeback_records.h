// What racesync last wrote back into RACE RESULT for each registrant (writebacks table), and the
// registrants the raceresult step writes from, as records with enums. The SQL of that table lives
// here.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace racesync {

class StateStore;

// How the last write-back of one registrant ended (writebacks.outcome).
enum class WritebackOutcome { kWritten, kRefused };
// "written", "refused": the stored strings.
const char* toString(WritebackOutcome outcome);
// The outcome a stored string names. Throws StoreError naming writebacks.outcome for any other.
WritebackOutcome parseWritebackOutcome(const std::string& text);

// Which RACE RESULT identifier a write-back names a participant by (writebacks.named_by).
enum class WritebackBy { kPid, kBib };
// "pid", "bib": the stored strings (and the values of raceresult.writeback.by).
const char* toString(WritebackBy by);
// The identifier a stored string names. Throws StoreError naming writebacks.named_by for any other.
WritebackBy parseWritebackBy(const std::string& text);

// One row of the writebacks table: what was last written into RACE RESULT for a registrant.
struct WritebackRecord {
  std::string registrationId;
  WritebackBy by = WritebackBy::kPid;
  std::string target;     // the PID or the bib written to, digits
  std::string keyField;   // the RACE RESULT field the key went into
  std::string key;        // the key written ("" cleared)
  std::string linkField;  // "" when no link was written
  std::string link;
  WritebackOutcome outcome = WritebackOutcome::kWritten;
  std::string message;  // RACE RESULT's words when refused, else ""
  std::string writtenAt;
};

// An active registrant imported from RACE RESULT, with what the step writes of it.
struct WritebackCandidate {
  std::string id;    // the registration id: RACE RESULT's ID
  std::string bib;   // "" when none
  std::string key;   // the assigned key, "" when none
  std::string link;  // the stored redeem link, "" when none
};

// The writebacks table of one store, and the registrants the raceresult step reads. Writes join
// the caller's transaction when there is one (StateStore::transact).
class WritebackRecords {
 public:
  explicit WritebackRecords(StateStore& store) : store_(store) {}

  // The active registrants whose last import came from RACE RESULT (source 'raceresult'), in id
  // order, each with its assigned key and stored link.
  std::vector<WritebackCandidate> candidates();
  // Every writebacks row, by registration id. Throws StoreError for an unknown outcome or by.
  std::map<std::string, WritebackRecord> writebacks();
  // Inserts the row of `record.registrationId`, or replaces what it holds.
  void put(const WritebackRecord& record);

 private:
  StateStore& store_;
};

}  // namespace racesync
