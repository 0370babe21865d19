#include "core/labels/label_style.h"

#include <cstdio>
#include <string>

#include "core/base/errors.h"
#include "core/labels/print_keys.h"

namespace racesync {

void checkLabelStyle(const LabelStyle& style) {
  if (style.quietZone < 0 || style.quietZone > 16) {
    throw ConfigurationError(std::string(print_key::kQuietZone) + ": " +
                             std::to_string(style.quietZone) + " is out of range: use 0 to 16");
  }
  if (!(style.minTextPt >= 4 && style.minTextPt <= 24)) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%g", style.minTextPt);
    throw ConfigurationError(std::string(print_key::kMinTextPt) + ": " + shown +
                             " is out of range: use 4 to 24");
  }
}

}  // namespace racesync
