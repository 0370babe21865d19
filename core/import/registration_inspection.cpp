#include "core/import/registration_inspection.h"

#include <Poco/String.h>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/import/csv_registration_source.h"
#include "core/import/import_step.h"

namespace racesync {

std::string inspectRegistrations(const Settings& settings) {
  if (Poco::toLower(settings.text("registrations.source")) != "csv") {
    throw ConfigurationError(
        "registrations.source: inspect reads CSV exports only: the RACE RESULT fields are "
        "raceresult.fields.<field>");
  }
  std::vector<std::string> files = settings.list("registrations.files");
  if (files.empty()) {
    throw ConfigurationError("registrations.files: missing key: list the CSV exports");
  }
  CsvSourceOptions options = csvSourceOptions(settings);
  std::string out;
  for (const auto& file : files) {
    CsvRegistrationSource source(settings.resolvePath(file), file, options);
    RawRegistration row;
    while (source.next(row)) {
    }
    const SourceReport& report = source.report();
    std::vector<std::string> lines = source.mappingLines();
    out += lines.front() + ", " + std::to_string(report.rows) + " rows";
    if (report.skipped > 0) out += " (" + std::to_string(report.skipped) + " skipped)";
    out += ", " + std::to_string(report.problems.size()) + " problems in the file's structure\n";
    for (std::size_t i = 1; i < lines.size(); ++i) out += lines[i] + "\n";
    for (const auto& warning : report.warnings) out += "warning: " + warning + "\n";
    for (const auto& problem : report.problems) out += "problem: " + problem.message + "\n";
  }
  return out;
}

}  // namespace racesync
