#include "core/racemap/keys_step.h"

#include "core/config/settings.h"
#include "core/racemap/key_pool.h"
#include "core/racemap/racemap_client.h"
#include "core/run/progress.h"

namespace racesync {

StepResult KeysStep::run(RunContext& context) {
  const Settings& settings = context.settings;
  RacemapClient client(context.http, context.clock, RacemapConfig::from(settings));
  KeyPoolOptions options;
  options.maxKeysPerCall = static_cast<int>(settings.integer("racemap.max_keys_per_call"));
  options.pendingGraceMs = settings.integer("racemap.pending_grace_ms");
  options.releaseWithdrawn = context.options.releaseWithdrawn;
  options.dryRun = context.options.dryRun;

  context.progress.stepStarted(name(), 0);
  KeyPool pool(context.store, client, context.clock);
  KeyPoolReport report = pool.sync(options, context.runId);
  for (const auto& line : report.plan) context.plan.add(name(), line);

  StepResult result;
  result.count("keys_adopted", report.adopted);
  result.count("keys_requested", report.requested);
  result.count("generate_calls", report.generateCalls);
  result.count("keys_assigned", report.assigned);
  result.count("keys_released", report.released);
  result.count("keys_foreign", report.foreign);
  result.count("keys_malformed", report.malformed);
  result.count("keys_free", report.free);
  result.count("registrants_without_key", report.withoutKey);
  for (const auto& note : report.notes) result.note(note);
  context.progress.stepFinished(
      name(), std::to_string(report.assigned) + " assigned, " + std::to_string(report.requested) +
                  " requested, " + std::to_string(report.free) + " free, " +
                  std::to_string(report.foreign) + " foreign" +
                  (report.withoutKey ? ", " + std::to_string(report.withoutKey) + " without key"
                                     : std::string()));
  return result;
}

}  // namespace racesync
