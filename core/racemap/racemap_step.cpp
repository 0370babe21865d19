#include "core/racemap/racemap_step.h"

#include <Poco/String.h>

#include <algorithm>

#include "core/base/atomic_file.h"
#include "core/config/settings.h"
#include "core/links/registrant_links.h"
#include "core/racemap/racemap_outputs.h"
#include "core/run/progress.h"

namespace racesync {

StepResult RacemapStep::run(RunContext& context) {
  const std::string outDir = context.settings.outDir();
  const FileModes modes = context.settings.fileModes();
  const std::vector<RegistrantLink> registrants = loadRegistrantLinks(context.store);
  const long long imported = std::count_if(registrants.begin(), registrants.end(), inRacemapImport);
  const CsvDialect dialect = Poco::icompare(context.settings.text("out.csv_dialect"), "excel") == 0
                                 ? CsvDialect::kExcel
                                 : CsvDialect::kStandard;
  const std::vector<std::pair<std::string, std::string>> files = {
      {"links.csv",
       linksCsv(registrants, dialect, excelListSeparator(context.settings.text("out.csv_locale")))},
      {"racemap-import.json", racemapImportJson(registrants)},
      {"racemap-import.csv", racemapImportCsv(registrants)},
  };
  context.progress.stepStarted(name(), static_cast<long long>(files.size()));
  StepResult result;
  long long written = 0;
  for (const auto& [file, content] : files) {
    const std::string path = outDir + "/" + file;
    if (context.options.dryRun) {
      std::string current;
      if (!readWholeFile(path, current) || current != content) {
        context.plan.add(name(), "write " + path);
      }
      continue;
    }
    if (writeFileIfChanged(path, content, true, modes)) ++written;
  }
  result.count("links_rows", static_cast<long long>(registrants.size()));
  result.count("import_starters", imported);
  result.count("files_written", written);
  context.progress.stepFinished(name(), std::to_string(imported) + " starters in the import, " +
                                            std::to_string(written) + " files written");
  return result;
}

}  // namespace racesync
