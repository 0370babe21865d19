// labels.pdf: the labels of a run laid out on sheets (or a roll) as one PDF, or one PDF per race.
#pragma once

#include "core/base/file_modes.h"

#include <string>
#include <vector>

#include "core/labels/label_data.h"
#include "core/labels/label_style.h"
#include "core/labels/sheet_format.h"

namespace racesync {

struct LabelsPdf {
  std::string bytes;
  int pages = 0;
  int labels = 0;
  // What went wrong with single labels, as data ("label R7 (bib 12): ..."); they are printed
  // all the same, without what could not be drawn.
  std::vector<std::string> problems;
};

// Renders `labels` in the order given, each page filled row by row, into a PDF held in memory.
// No labels give no pages and no bytes. Throws ConfigurationError when `format` does not pass
// checkSheetFormat or `style` checkLabelStyle, RacesyncError when cairo fails (out of memory).
LabelsPdf renderLabelsPdf(const std::vector<LabelData>& labels, const SheetFormat& format,
                          const LabelStyle& style = {});

struct LabelsFile {
  std::string path;
  std::string race;  // empty for the one file of all races
  int labels = 0;
  int pages = 0;
};

struct LabelsOutput {
  std::vector<LabelsFile> files;
  std::vector<std::string> problems;
};

// Sorts `labels` (sortLabels) and writes them atomically to `dir`/labels.pdf, or with `perRace`
// to one `dir`/labels-<race>.pdf per race (the race's name made a file name with
// sanitizeFileStem, made unique with -2, -3, ...). Writes nothing for no labels. Throws what
// renderLabelsPdf throws, and StoreError when a file cannot be written.
// The files get `modes` (out.mode).
LabelsOutput writeLabelsPdfs(const std::string& dir, std::vector<LabelData> labels,
                             const SheetFormat& format, const LabelStyle& style, bool perRace,
                             const FileModes& modes = FileModes{});

}  // namespace racesync
