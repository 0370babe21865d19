#include "core/racemap/racemap_step.h"

#include <Poco/String.h>

#include "core/base/atomic_file.h"
#include "core/config/settings.h"
#include "core/racemap/racemap_outputs.h"
#include "core/run/progress.h"
#include "core/store/link_records.h"

namespace racesync {

namespace {

// The dry run's lines: one per file whose content would change.
std::vector<std::string> describe(const RacemapFiles& plan, const std::string& outDir) {
  std::vector<std::string> lines;
  for (const auto& [file, content] : plan.files) {
    const std::string path = outDir + "/" + file;
    std::string current;
    if (!readWholeFile(path, current) || current != content) lines.push_back("write " + path);
  }
  return lines;
}

// Writes the files whose content changed (atomically); returns how many.
long long applyFiles(const RacemapFiles& plan, const std::string& outDir, const FileModes& modes) {
  long long written = 0;
  for (const auto& [file, content] : plan.files) {
    if (writeFileIfChanged(outDir + "/" + file, content, true, modes)) ++written;
  }
  return written;
}

}  // namespace

StepResult RacemapStep::run(RunContext& context) {
  const std::string outDir = context.settings.outDir();
  const FileModes modes = context.settings.fileModes();
  const CsvDialect dialect = Poco::icompare(context.settings.text("out.csv_dialect"), "excel") == 0
                                 ? CsvDialect::kExcel
                                 : CsvDialect::kStandard;
  RacemapFilesBuilder builder(dialect, excelListSeparator(context.settings.text("out.csv_locale")));
  LinkRecords(context.store).eachRegistrantLink([&](RegistrantLink& r) { builder.add(r); });
  const RacemapFiles plan = builder.finish();
  context.progress.stepStarted(name(), static_cast<long long>(plan.files.size()));
  long long written = 0;
  if (context.options.dryRun) {
    for (const auto& line : describe(plan, outDir)) context.plan.add(name(), line);
  } else {
    written = applyFiles(plan, outDir, modes);
  }
  StepResult result;
  result.count("links_rows", plan.rows);
  result.count("import_starters", plan.importStarters);
  result.count("files_written", written);
  context.progress.stepFinished(name(), std::to_string(plan.importStarters) +
                                            " starters in the import, " + std::to_string(written) +
                                            " files written");
  return result;
}

}  // namespace racesync
