// The text of `racesync --help` and of `racesync COMMAND --help`, written for people.
#pragma once

#include <string>

namespace racesync {

// The help for `command` (run, status, demo, sandbox), or the overview for "" or an unknown one.
std::string helpText(const std::string& command);

}  // namespace racesync
