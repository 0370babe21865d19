// report.html: what a race director reads after a run. Rendered with Mustache from
// templates/report/, self-contained but for the QR images it links beside it (out.dir/qr/).
#pragma once

#include <string>

#include "core/run/pipeline.h"

namespace racesync {

class Settings;
class StateStore;

// Renders the report of the store's current state and of `outcome` (the run just finished) and
// writes it atomically to `path`. Throws InputError when the template cannot be read.
void writeReport(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                 const std::string& generatedAt, const std::string& path);

// The report's HTML as a string (for tests).
std::string renderReport(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                         const std::string& generatedAt);

}  // namespace racesync
