// Checks a configuration before any remote call: secrets written into the file, unknown keys (with
// the nearest known one), values that are not of their key's kind (numbers out of bounds, flags,
// choices, URLs), and the keys the selected steps need. The keys and kinds come from config_keys.h.
#pragma once

#include <string>
#include <vector>

namespace racesync {

class Settings;

// Throws ConfigurationError (exit 78) for the first problem found, naming the key and the fix.
// `steps` are the steps about to run: only their required keys are demanded.
void checkConfiguration(const Settings& settings, const std::vector<std::string>& steps);

}  // namespace racesync
