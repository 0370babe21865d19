#include "core/base/errors.h"

#include <typeinfo>

namespace racesync {

POCO_IMPLEMENT_EXCEPTION(RacesyncError, Poco::Exception, "racesync error")
POCO_IMPLEMENT_EXCEPTION(UsageError, RacesyncError, "usage error")
POCO_IMPLEMENT_EXCEPTION(InputError, RacesyncError, "input error")
POCO_IMPLEMENT_EXCEPTION(RemoteError, RacesyncError, "remote error")
POCO_IMPLEMENT_EXCEPTION(TemporaryError, RacesyncError, "temporary error")
POCO_IMPLEMENT_EXCEPTION(StoreError, RacesyncError, "state store error")
POCO_IMPLEMENT_EXCEPTION(ConfigurationError, RacesyncError, "configuration error")

int exitCodeFor(const Poco::Exception& error) {
  if (dynamic_cast<const UsageError*>(&error)) return exit_code::kUsage;
  if (dynamic_cast<const InputError*>(&error)) return exit_code::kDataError;
  if (dynamic_cast<const RemoteError*>(&error)) return exit_code::kUnavailable;
  if (dynamic_cast<const TemporaryError*>(&error)) return exit_code::kTemporary;
  if (dynamic_cast<const StoreError*>(&error)) return exit_code::kTemporary;
  if (dynamic_cast<const ConfigurationError*>(&error)) return exit_code::kConfig;
  return exit_code::kTemporary;
}

std::string unexpectedFailure(const std::string& what) {
  return "unexpected failure (" + what +
         "): nothing was lost: run again; if it happens again, report it as a racesync bug with "
         "this message";
}

}  // namespace racesync
