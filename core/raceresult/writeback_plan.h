// The raceresult step's plan: which registrants' key and link to write back into RACE RESULT's
// fields, computed by a pure function from the registrants and what was written before, and the
// lines a dry run prints of it; and the raceresult.writeback.* settings it follows.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/raceresult/raceresult_client.h"
#include "core/store/problem_log.h"
#include "core/store/writeback_records.h"

namespace racesync {

class Settings;

// raceresult.writeback.*: where the key and link go and how the writes are sent.
struct WritebackConfig {
  std::string keyField;   // "" when write-back is off
  std::string linkField;  // "" writes no link
  WritebackBy by = WritebackBy::kPid;
  bool noHistory = false;
  int batchSize = 500;  // participants per call
  int perMinute = 60;   // calls a minute

  bool enabled() const { return !keyField.empty(); }
};

// Reads raceresult.writeback.*. Throws ConfigurationError for by = pid when raceresult.fields.id
// maps the registration id to a field other than RACE RESULT's ID (the PID would be wrong), and
// for a link_field equal to the key_field.
WritebackConfig writebackConfig(const Settings& settings);

// One participant to write, with the values that changed.
struct ParticipantWrite {
  WritebackCandidate registrant;
  long long participant = 0;          // the PID or the bib
  std::vector<SaveValueItem> values;  // in field order: key, then link
  WritebackRecord record;             // stored once RACE RESULT took the values
  bool retry = false;                 // RACE RESULT refused the last write
};

struct WritebackPlan {
  WritebackBy by = WritebackBy::kPid;
  std::vector<ParticipantWrite> writes;  // in registration id order
  std::vector<Problem> problems;         // registrants RACE RESULT cannot be told about
  long long registrants = 0;             // active registrants imported from RACE RESULT
  long long unchanged = 0;               // written before as they are now
  long long withoutKey = 0;              // no key yet, and none written before
  long long withoutBib = 0;              // by = bib, and no bib yet

  long long values() const;   // values to write, every participant
  long long retries() const;  // writes refused last time, tried again
};

// The plan for writing each registrant's key (and link) into `config`'s fields, given what was
// `written` before (by registration id). A registrant is written when its participant (PID or
// bib), a field name or a value differs from the last write, or when that write was refused; only
// the values that differ are sent. A registrant whose key was taken away has its fields cleared.
// A registration id (by = pid) or bib (by = bib) that is not a whole number is a problem of step
// raceresult. Pure: reads and writes nothing.
WritebackPlan planWriteback(const WritebackConfig& config,
                            const std::vector<WritebackCandidate>& registrants,
                            const std::map<std::string, WritebackRecord>& written);

// The lines --dry-run prints for `plan`: a total, then one per participant
// ("PID 1001: TrackingKey = K84N2S, RacemapLink = https://...").
std::vector<std::string> describe(const WritebackPlan& plan, const WritebackConfig& config);

// The problem of a participant RACE RESULT refused with `message`.
Problem refusalProblem(const ParticipantWrite& write, WritebackBy by, const std::string& message);

// "PID 1001" or "Bib 42".
std::string participantLabel(WritebackBy by, long long participant);

}  // namespace racesync
