#include "core/raceresult/writeback_sender.h"

#include <algorithm>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/run/progress.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"
#include "core/store/writeback_records.h"

namespace racesync {

namespace {

const char* const kStep = "raceresult";

}  // namespace

WritebackSender::WritebackSender(RaceResultClient& client, const WritebackConfig& config,
                                 WritebackRecords& records, RunContext& context)
    : client_(client), config_(config), records_(records), context_(context) {}

WritebackTally WritebackSender::apply(const WritebackPlan& plan) {
  context_.store.transact(
      [&] { replaceProblems(context_.store, context_.runId, kStep, plan.problems); });
  context_.progress.stepStarted(kStep, static_cast<long long>(plan.writes.size()));
  const std::size_t batch = static_cast<std::size_t>(std::max(1, config_.batchSize));
  for (std::size_t first = 0; first < plan.writes.size(); first += batch) {
    send(plan, first, std::min(batch, plan.writes.size() - first));
  }
  return tally_;
}

void WritebackSender::send(const WritebackPlan& plan, std::size_t first, std::size_t size) {
  std::vector<SaveValueItem> items;
  for (std::size_t i = first; i < first + size; ++i) {
    const auto& values = plan.writes[i].values;
    items.insert(items.end(), values.begin(), values.end());
  }
  SaveAnswer answer = client_.saveValues(items, config_.noHistory);
  ++tally_.calls;
  if (answer.saved) {
    storeWritten(plan, first, size);
    return;
  }
  if (size == 1) {
    storeRefused(plan, first, answer);
    return;
  }
  // RACE RESULT refuses a batch as a whole (ASSUMED): halves find the participants it refuses.
  std::size_t half = size / 2;
  send(plan, first, half);
  send(plan, first + half, size - half);
}

void WritebackSender::storeWritten(const WritebackPlan& plan, std::size_t first, std::size_t size) {
  std::string at = isoUtc(context_.clock.nowMs());
  context_.store.transact([&] {
    for (std::size_t i = first; i < first + size; ++i) {
      WritebackRecord record = plan.writes[i].record;
      record.writtenAt = at;
      records_.put(record);
      tally_.values += static_cast<long long>(plan.writes[i].values.size());
    }
  });
  tally_.written += static_cast<long long>(size);
  done_ += static_cast<long long>(size);
  context_.progress.advanced(std::to_string(done_) + "/" + std::to_string(plan.writes.size()));
}

void WritebackSender::storeRefused(const WritebackPlan& plan, std::size_t index,
                                   const SaveAnswer& answer) {
  const ParticipantWrite& write = plan.writes[index];
  WritebackRecord record = write.record;
  record.outcome = WritebackOutcome::kRefused;
  record.message = "HTTP " + std::to_string(answer.status) + " " + answer.message;
  record.writtenAt = isoUtc(context_.clock.nowMs());
  context_.store.transact([&] {
    records_.put(record);
    addProblems(context_.store, context_.runId, kStep,
                {refusalProblem(write, plan.by, record.message)});
  });
  ++tally_.refused;
  ++done_;
  if (tally_.written == 0 && tally_.refused >= kRefusalsBeforeGivingUp) {
    throw RemoteError("POST /_" + client_.eventId() +
                      "/api/part/savevaluearray: RACE RESULT refused each of the first " +
                      std::to_string(tally_.refused) + " participants on its own (" +
                      record.message + "): check that raceresult.writeback.key_field ('" +
                      config_.keyField + "')" +
                      (config_.linkField.empty()
                           ? std::string()
                           : " and raceresult.writeback.link_field ('" + config_.linkField + "')") +
                      " name user-defined fields of the event, and raceresult.writeback.by");
  }
}

}  // namespace racesync
