#include "core/labels/print_settings.h"

#include <Poco/Path.h>

#include <optional>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/labels/print_keys.h"

namespace racesync {
namespace {

std::optional<double> lengthIfSet(const Settings& settings, const char* key) {
  if (!settings.isSet(key)) return std::nullopt;
  return settings.number(key, 0);
}

}  // namespace

PrintSettings readPrintSettings(const Settings& settings) {
  PrintSettings print;
  print.modes = settings.fileModes();
  SheetAdjustments adjustments;
  adjustments.topMargin = lengthIfSet(settings, print_key::kTopMargin);
  adjustments.leftMargin = lengthIfSet(settings, print_key::kLeftMargin);
  adjustments.columnGap = lengthIfSet(settings, print_key::kColumnGap);
  adjustments.rowGap = lengthIfSet(settings, print_key::kRowGap);
  adjustments.labelWidth = lengthIfSet(settings, print_key::kLabelWidth);
  adjustments.labelHeight = lengthIfSet(settings, print_key::kLabelHeight);
  adjustments.padding = lengthIfSet(settings, print_key::kPadding);
  try {
    print.format = adjustSheetFormat(sheetFormat(settings.text(print_key::kFormat)), adjustments);
    print.style.errorCorrection = parseQrErrorCorrection(settings.text(print_key::kErrorCorrection),
                                                         print_key::kErrorCorrection);
    print.style.quietZone = static_cast<int>(settings.integer(print_key::kQuietZone));
    print.style.minTextPt = settings.number(print_key::kMinTextPt);
    checkLabelStyle(print.style);
  } catch (const ConfigurationError& e) {
    // The format's checks name the key; the file they are in comes first, as in every error.
    const std::string file = Poco::Path(settings.configPath()).getFileName();
    if (file.empty() || e.message().rfind(file + ": ", 0) == 0) throw;
    throw ConfigurationError(file + ": " + e.message());
  }
  print.perRace = settings.flag(print_key::kPerRace);
  return print;
}

}  // namespace racesync
