// `racesync demo`: the whole job on samples/ against the in-process sandboxes, mail into an .eml
// outbox, then a second run to show that nothing is written or sent twice.
#pragma once

#include <ostream>

#include "jobs/commands.h"

namespace racesync {

// Runs the demo on the samples and templates of `data` into line.outDir (default
// ./racesync-demo). Refuses (UsageError) a folder that holds anything but an earlier demo's
// output, which it replaces; throws ConfigurationError when the samples are missing. Returns the
// first run's exit status.
int demoCommand(const CommandLine& line, const DataDir& data, std::ostream& out, bool terminal);

}  // namespace racesync
