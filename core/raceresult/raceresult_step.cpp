#include "core/raceresult/raceresult_step.h"

#include <Poco/String.h>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/net/rate_pacer.h"
#include "core/raceresult/raceresult_registration_source.h"
#include "core/raceresult/writeback_plan.h"
#include "core/raceresult/writeback_sender.h"
#include "core/run/progress.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"
#include "core/store/writeback_records.h"

namespace racesync {

namespace {

const char* const kStep = "raceresult";

// Why the step does nothing with this configuration, or "" when it writes back.
std::string skipReason(const Settings& settings, const WritebackConfig& config) {
  if (Poco::toLower(settings.text("registrations.source")) != "raceresult") {
    return "skipped: the registrations come from CSV files (registrations.source = csv), so "
           "there is no RACE RESULT event to write keys and links back into";
  }
  if (!config.enabled()) {
    return "skipped: raceresult.writeback.key_field is not set, so no key or link is written "
           "back into RACE RESULT";
  }
  return "";
}

void countInto(StepResult& result, const WritebackPlan& plan, const WritebackTally& tally,
               long long requests) {
  result.count("registrants", plan.registrants);
  result.count("written", tally.written);
  result.count("values", tally.values);
  result.count("unchanged", plan.unchanged);
  result.count("refused", tally.refused);
  result.count("without_key", plan.withoutKey);
  result.count("without_bib", plan.withoutBib);
  result.count("problems", static_cast<long long>(plan.problems.size()) + tally.refused);
  result.count("requests", requests);
}

std::string finishedLine(const WritebackPlan& plan, const WritebackTally& tally) {
  return std::to_string(tally.written) + " participants written (" + std::to_string(tally.values) +
         " values), " + std::to_string(plan.unchanged) + " unchanged, " +
         std::to_string(tally.refused) + " refused";
}

// Writes `plan` after one login, and logs out; a failed logout is a note.
WritebackTally send(RunContext& context, const WritebackConfig& config, const WritebackPlan& plan,
                    WritebackRecords& records, StepResult& result, long long& requests) {
  RaceResultOptions options = raceResultSourceOptions(context.settings).client;
  std::string apiKey =
      context.settings.secret(RaceResultClient::kKeyVariable,
                              "an API key made in RACE RESULT under Account Access, API Keys");
  RaceResultClient client(context.http, options, apiKey);
  RatePacer pacer(context.clock, config.perMinute, 0);
  client.pace(pacer);
  WritebackTally tally;
  try {
    tally = WritebackSender(client, config, records, context).apply(plan);
  } catch (const RacesyncError&) {
    client.logout();  // best effort: the write's error is the one to report
    throw;
  }
  std::string logout = client.logout();
  if (!logout.empty()) result.note(logout + ": the session expires on its own");
  requests = client.requestCount();
  return tally;
}

}  // namespace

StepResult RaceResultStep::run(RunContext& context) {
  StepResult result;
  WritebackConfig config = writebackConfig(context.settings);
  std::string skipped = skipReason(context.settings, config);
  if (!skipped.empty()) {
    result.note(skipped);
    context.progress.stepFinished(kStep, skipped);
    return result;
  }

  // Read the store, plan, then print the plan (dry run) or carry it out.
  WritebackRecords records(context.store);
  WritebackPlan plan = planWriteback(config, records.candidates(), records.writebacks());
  if (context.options.dryRun) {
    for (const auto& line : describe(plan, config)) context.plan.add(kStep, line);
    countInto(result, plan, WritebackTally{}, 0);
    return result;
  }
  WritebackTally tally;
  long long requests = 0;
  if (plan.writes.empty()) {
    // Nothing changed: no login, no call; the plan's problems still replace the last run's.
    context.store.transact(
        [&] { replaceProblems(context.store, context.runId, kStep, plan.problems); });
  } else {
    tally = send(context, config, plan, records, result, requests);
  }
  countInto(result, plan, tally, requests);
  context.progress.stepFinished(kStep, finishedLine(plan, tally));
  return result;
}

}  // namespace racesync
