// The import step of `racesync run`: reads the configured registration sources into the state
// store (new, changed, unchanged, withdrawn) and stores the row-level problems it met.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "core/import/csv_registration_source.h"
#include "core/import/registrant_importer.h"
#include "core/import/registration_normalizer.h"
#include "core/import/registration_source.h"
#include "core/run/step.h"
#include "core/store/column_mapping.h"

namespace racesync {

class Settings;

// Opens the RACE RESULT source (registrations.source = raceresult): raceresult/ provides it and
// the wiring in jobs/ passes it in, so that import/ does not depend on a vendor's client.
using RaceResultOpener = std::function<std::unique_ptr<RegistrationSource>(RunContext& context)>;

class ImportStep : public Step {
 public:
  // Without `openRaceResult`, registrations.source = raceresult is a ConfigurationError.
  explicit ImportStep(RaceResultOpener openRaceResult = nullptr);
  const char* name() const override { return "import"; }
  // Opens every source first (a file that cannot be read throws InputError before anything is
  // written), then imports them all in one transaction: a failure leaves the previous state as
  // it was. A dry run does the same work and rolls it back. Counts: read, new, updated,
  // unchanged, withdrawn, skipped, problems.
  StepResult run(RunContext& context) override;

 private:
  RaceResultOpener openRaceResult_;
};

// The lines --dry-run prints (and a run adds to its plan) for what an import did or would do:
// registrants added, updated and withdrawn with a few examples, and the problems. Pure. (The
// import's plan is computed by doing the work in a transaction that a dry run rolls back: it
// streams exports of any length with a flat memory footprint.)
std::vector<std::string> describe(const ImportSummary& summary, bool dryRun);

// registrations.date_order and the known races (registrations.races, raceranger.races.*).
// Throws ConfigurationError for a date order other than dmy or mdy.
NormalizerOptions normalizerOptions(const Settings& settings);
// registrations.columns.* and registrations.skip_when.*. Throws ConfigurationError for an
// unknown field name in registrations.columns.
CsvSourceOptions csvSourceOptions(const Settings& settings);
// The sources the configuration names, opened: registrations.source = csv (the default) reads
// registrations.files, relative to the configuration file's folder; raceresult fetches the
// participants of raceresult.event_id through `openRaceResult`. Throws ConfigurationError when
// none is configured, InputError when a file cannot be read, and what `openRaceResult` throws
// (RemoteError for a refused key).
std::vector<std::unique_ptr<RegistrationSource>> openRegistrationSources(
    RunContext& context, const RaceResultOpener& openRaceResult);
// The mapping of the CSV sources among `sources`, as the store keeps it: every field with its
// header ("" when not found), then the headers no field took.
std::vector<ColumnMappingRow> columnMapping(
    const std::vector<std::unique_ptr<RegistrationSource>>& sources);

}  // namespace racesync
