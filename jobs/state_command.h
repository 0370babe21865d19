// racesync state export|import: the whole state of one configuration moved to or from another
// store (an SQLite file or a postgresql:// URL) without losing a key (core/store/state_transfer).
#pragma once

#include <ostream>

#include "jobs/commands.h"

namespace racesync {

// racesync state export -c CONFIG --to SQLITE-PATH|postgresql-URL [--replace] [--dry-run]
// racesync state import -c CONFIG --from SQLITE-PATH|postgresql-URL [--replace] [--dry-run]
// Copies the configured store to --to, or --from into the configured store, both locked against
// runs meanwhile; prints the plan (and with --dry-run nothing else). Throws UsageError for a
// missing or misplaced --to/--from, InputError when the source does not exist or the target holds
// a state and --replace is not given, StoreError when the copy cannot be made or checked.
int stateCommand(const CommandLine& line, const Environment& env, std::ostream& out);

}  // namespace racesync
