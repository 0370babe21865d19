// The one exception family of racesync, and how each member maps to a process exit status.
// Messages are lower-case and start with the place (file:line, key, or METHOD path), then the fix.
#pragma once

#include <Poco/Exception.h>

#include <string>

namespace racesync {

POCO_DECLARE_EXCEPTION(, RacesyncError, Poco::Exception)
// Bad usage of the command line (exit 64).
POCO_DECLARE_EXCEPTION(, UsageError, RacesyncError)
// The input cannot be read at all: a missing file, no header, not a CSV (exit 65).
POCO_DECLARE_EXCEPTION(, InputError, RacesyncError)
// A service cannot be reached or refuses the credentials (exit 69).
POCO_DECLARE_EXCEPTION(, RemoteError, RacesyncError)
// A temporary failure that a later run will finish: timeouts, 5xx and 429 after all retries,
// a dropped SMTP connection, another run holding the lock (exit 75).
POCO_DECLARE_EXCEPTION(, TemporaryError, RacesyncError)
// The state store cannot be opened, migrated or written (exit 75: nothing was lost).
POCO_DECLARE_EXCEPTION(, StoreError, RacesyncError)
// Bad configuration: a missing or unknown key, a bad value, a secret in the file (exit 78).
POCO_DECLARE_EXCEPTION(, ConfigurationError, RacesyncError)

namespace exit_code {
constexpr int kOk = 0;
constexpr int kUsage = 64;
constexpr int kDataError = 65;
constexpr int kUnavailable = 69;
constexpr int kTemporary = 75;
constexpr int kConfig = 78;
}  // namespace exit_code

// The exit status docs/CONTRACT.md §6 gives to an exception. Anything not of the family is an
// unexpected failure: kTemporary, as every step keeps its state in transactions and a later run
// resumes (see unexpectedFailure).
int exitCodeFor(const Poco::Exception& error);

// The message for an exception that is not racesync's own (`what` it said): the place, that
// nothing was lost, and what to do.
std::string unexpectedFailure(const std::string& what);

}  // namespace racesync
