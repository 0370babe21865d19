// The import step of `racesync run`: reads the configured registration sources into the state
// store (new, changed, unchanged, withdrawn) and stores the row-level problems it met.
#pragma once

#include <memory>
#include <vector>

#include "core/csv_registration_source.h"
#include "core/registration_normalizer.h"
#include "core/registration_source.h"
#include "core/step.h"

namespace racesync {

class Settings;

class ImportStep : public Step {
 public:
  const char* name() const override { return "import"; }
  // Opens every source first (a file that cannot be read throws InputError before anything is
  // written), then imports them all in one transaction: a failure leaves the previous state as
  // it was. A dry run does the same work and rolls it back. Counts: read, new, updated,
  // unchanged, withdrawn, skipped, problems.
  StepResult run(RunContext& context) override;
};

// registrations.date_order and the known races (registrations.races, raceranger.races.*).
// Throws ConfigurationError for a date order other than dmy or mdy.
NormalizerOptions normalizerOptions(const Settings& settings);
// registrations.columns.* and registrations.skip_when.*. Throws ConfigurationError for an
// unknown field name in registrations.columns.
CsvSourceOptions csvSourceOptions(const Settings& settings);
// The sources the configuration names, opened: registrations.source = csv (the default) reads
// registrations.files, relative to the configuration file's folder; raceresult fetches the
// participants of raceresult.event_id (raceresult_registration_source.h). Throws
// ConfigurationError when none is configured, InputError when a file cannot be read, and what
// the RACE RESULT client throws (RemoteError for a refused key).
std::vector<std::unique_ptr<RegistrationSource>> openRegistrationSources(RunContext& context);

}  // namespace racesync
