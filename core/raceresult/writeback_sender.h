// Carries out a WritebackPlan: writes the participants' values into RACE RESULT in paced batches
// of raceresult.writeback.batch_size participants, narrows a refused batch down by halves to the
// participants RACE RESULT refuses, and stores each answered batch in one transaction.
#pragma once

#include <cstddef>
#include <string>

#include "core/raceresult/writeback_plan.h"
#include "core/run/step.h"

namespace racesync {

class WritebackRecords;

// What writing did.
struct WritebackTally {
  long long written = 0;  // participants RACE RESULT took
  long long values = 0;   // values they held
  long long refused = 0;  // participants RACE RESULT refused in this run
  long long calls = 0;    // savevaluearray calls answered
};

class WritebackSender {
 public:
  // After this many participants refused one by one without any write taken in this run, the
  // fields (or the identifiers) are wrong for everyone: the step stops instead of trying each.
  static constexpr long long kRefusalsBeforeGivingUp = 3;

  // Borrows everything; `context` gives the store, run id, clock and progress.
  WritebackSender(RaceResultClient& client, const WritebackConfig& config,
                  WritebackRecords& records, RunContext& context);

  // Replaces the step's problems with the plan's, then writes. Each answered batch is stored in a
  // transaction of its own: participants as written, or refused (also a problem). Throws
  // RemoteError when the key is refused or kRefusalsBeforeGivingUp participants in a row are
  // refused before any is taken, TemporaryError as RaceResultClient::saveValues.
  WritebackTally apply(const WritebackPlan& plan);

 private:
  // Writes plan.writes[first, first + size): stored when taken, halved when refused.
  void send(const WritebackPlan& plan, std::size_t first, std::size_t size);
  void storeWritten(const WritebackPlan& plan, std::size_t first, std::size_t size);
  void storeRefused(const WritebackPlan& plan, std::size_t index, const SaveAnswer& answer);

  RaceResultClient& client_;
  const WritebackConfig& config_;
  WritebackRecords& records_;
  RunContext& context_;
  WritebackTally tally_;
  long long done_ = 0;
};

}  // namespace racesync
