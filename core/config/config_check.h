// Checks a configuration before any remote call: unknown keys (with the nearest known one),
// secrets written into the file, malformed URLs, and the keys the selected steps need.
#pragma once

#include <string>
#include <vector>

namespace racesync {

class Settings;

// Every key racesync understands; "*" stands for a name the user chooses
// ("raceranger.races.*").
const std::vector<std::string>& knownConfigKeys();

// Throws ConfigurationError (exit 78) for the first problem found, naming the key and the fix.
// `steps` are the steps about to run: only their required keys are demanded.
void checkConfiguration(const Settings& settings, const std::vector<std::string>& steps);

}  // namespace racesync
