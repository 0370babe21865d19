// The print.* keys read into what labels.pdf is made with: the sheet format with its adjustments,
// the label style and whether each race gets a PDF of its own.
#pragma once

#include "core/base/file_modes.h"

#include "core/labels/label_style.h"
#include "core/labels/sheet_format.h"

namespace racesync {

class Settings;

struct PrintSettings {
  SheetFormat format;
  LabelStyle style;
  bool perRace = false;  // print.per_race, or --per-race
  FileModes modes;       // out.mode, for the PDF files
};

// Reads print.format, the margins, gaps, label size and padding (unset ones keep the format's),
// print.error_correction, print.quiet_zone, print.min_text_pt and print.per_race. Throws
// ConfigurationError naming the key for a value of the wrong kind or labels that do not fit.
PrintSettings readPrintSettings(const Settings& settings);

}  // namespace racesync
