// The state store's schema, in one place: migration N takes a store from user_version N-1 to N.
#pragma once

#include <string>
#include <vector>

namespace racesync {

// migrations()[i] holds the statements that bring user_version i to i + 1.
const std::vector<std::vector<std::string>>& migrations();

inline int currentSchemaVersion() { return static_cast<int>(migrations().size()); }

}  // namespace racesync
