#include "core/import/import_step.h"

#include <Poco/String.h>

#include <map>
#include <sstream>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/import/registrant_importer.h"
#include "core/run/pipeline.h"
#include "core/run/progress.h"
#include "core/store/column_mapping.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

// Thrown inside the transaction of a dry run so that it rolls back; caught right outside it.
struct DryRunRollback {};

std::string joined(const std::vector<std::string>& items) {
  return Poco::cat(std::string("; "), items.begin(), items.end());
}

std::string plural(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The top of a dry run: which header gives which field (the report shows it from the store).
void planMapping(Plan& plan, const std::vector<std::unique_ptr<RegistrationSource>>& sources) {
  for (const auto& source : sources) {
    const auto* csv = dynamic_cast<const CsvRegistrationSource*>(source.get());
    if (!csv) continue;
    for (const auto& line : csv->mappingSummary()) plan.add("import", line);
  }
}

// For the report: the rows and format of each source, and each field a file lacks with the
// headers nearest to it (inspect and the dry run show the same in the mapping).
void noteSources(StepResult& result,
                 const std::vector<std::unique_ptr<RegistrationSource>>& sources) {
  for (const auto& source : sources) {
    const SourceReport& report = source->report();
    result.note(report.name + ": " + plural(report.rows, "row", "rows") + " (" + report.format +
                ")");
  }
  for (const auto& source : sources) {
    const auto* csv = dynamic_cast<const CsvRegistrationSource*>(source.get());
    if (!csv) continue;
    for (Field field : allFields()) {
      std::string near = csv->headerMap().nearestText(field);
      if (csv->headerMap().has(field) || near.empty()) continue;
      result.note(csv->report().name + ": " + fieldName(field) +
                  " not found; nearest headers: " + near);
    }
  }
}

void countInto(StepResult& result, const ImportSummary& summary) {
  result.count("read", summary.read);
  result.count("new", summary.added);
  result.count("updated", summary.updated);
  result.count("unchanged", summary.unchanged);
  result.count("withdrawn", summary.withdrawn);
  result.count("skipped", summary.skipped);
  result.count("problems", summary.problemCount);
}

}  // namespace

NormalizerOptions normalizerOptions(const Settings& settings) {
  NormalizerOptions options;
  std::string order = Poco::toLower(settings.text("registrations.date_order"));
  if (order == "mdy") {
    options.dateOrder = DateOrder::kMonthDayYear;
  } else if (order != "dmy") {
    throw ConfigurationError("registrations.date_order: '" + order +
                             "' is not a date order: write dmy (03/04/1990 is 3 April) or mdy "
                             "(4 March)");
  }
  options.knownRaces = settings.list("registrations.races");
  for (const auto& race : settings.keysUnder("raceranger.races")) {
    bool listed = false;
    for (const auto& known : options.knownRaces)
      listed = listed || Poco::icompare(known, race) == 0;
    if (!listed) options.knownRaces.push_back(race);
  }
  return options;
}

CsvSourceOptions csvSourceOptions(const Settings& settings) {
  CsvSourceOptions options;
  for (const auto& name : settings.keysUnder("registrations.columns")) {
    auto field = fieldFromName(Poco::toLower(name));
    if (!field) {
      throw ConfigurationError(
          "registrations.columns." + name +
          ": unknown field: use id, bib, first_name, last_name, name, email, race, gender, "
          "birth_date, age_group, team, country or language");
    }
    std::string header = settings.text("registrations.columns." + name);
    if (!header.empty()) options.columns[*field] = header;
  }
  options.defaultRace = settings.text("registrations.default_race");
  options.skipRaces = settings.list("registrations.skip_when");
  for (const auto& header : settings.keysUnder("registrations.skip_when")) {
    auto values = settings.list("registrations.skip_when." + header);
    if (!values.empty()) options.skipWhen[header] = values;
  }
  return options;
}

std::vector<std::unique_ptr<RegistrationSource>> openRegistrationSources(
    RunContext& context, const RaceResultOpener& openRaceResult) {
  const Settings& settings = context.settings;
  std::string kind = Poco::toLower(settings.text("registrations.source"));
  if (kind == "raceresult") {
    if (!openRaceResult) {
      throw ConfigurationError("registrations.source: raceresult is not available here: write csv");
    }
    std::vector<std::unique_ptr<RegistrationSource>> sources;
    sources.push_back(openRaceResult(context));
    return sources;
  }
  if (kind != "csv") {
    throw ConfigurationError("registrations.source: '" + kind +
                             "' is not a source: write csv (registrations.files) or raceresult "
                             "(raceresult.event_id and RACERESULT_API_KEY)");
  }
  std::vector<std::string> files = settings.list("registrations.files");
  if (files.empty()) {
    throw ConfigurationError(
        "registrations.files: missing key: list the CSV exports, comma-separated, relative to "
        "the configuration file's folder");
  }
  CsvSourceOptions options = csvSourceOptions(settings);
  std::vector<std::unique_ptr<RegistrationSource>> sources;
  std::map<std::string, std::size_t> unapplied;  // skip_when header -> files without it
  for (const auto& file : files) {
    auto source =
        std::make_unique<CsvRegistrationSource>(settings.resolvePath(file), file, options);
    for (const auto& header : source->unappliedSkipRules()) ++unapplied[header];
    sources.push_back(std::move(source));
  }
  // A rule may be meant for one of several files; one that no file can apply is a mistake.
  for (const auto& [header, count] : unapplied) {
    if (count != files.size()) continue;
    context.progress.warning(
        header.empty() ? "import: registrations.skip_when: no file has a race column: the race "
                         "values to skip are not applied"
                       : "import: registrations.skip_when." + header + ": no file has a column '" +
                             header + "': the rule is not applied");
  }
  return sources;
}

std::vector<ColumnMappingRow> columnMapping(
    const std::vector<std::unique_ptr<RegistrationSource>>& sources) {
  std::vector<ColumnMappingRow> rows;
  for (const auto& source : sources) {
    const auto* csv = dynamic_cast<const CsvRegistrationSource*>(source.get());
    if (!csv) continue;
    const HeaderMap& map = csv->headerMap();
    const std::string& name = csv->report().name;
    const std::string& format = csv->report().format;
    for (Field field : allFields()) {
      std::string header = map.has(field)
                               ? map.headers()[static_cast<std::size_t>(map.column(field))]
                               : std::string();
      rows.push_back({name, format, fieldName(field), header});
    }
    for (const auto& header : map.unusedHeaders()) rows.push_back({name, format, "", header});
  }
  return rows;
}

ImportStep::ImportStep(RaceResultOpener openRaceResult)
    : openRaceResult_(std::move(openRaceResult)) {}

std::vector<std::string> describe(const ImportSummary& summary, bool dryRun) {
  std::vector<std::string> lines;
  for (const auto& matched : summary.matchedExamples) {
    lines.push_back(std::string(dryRun ? "would keep: " : "") + matched);
  }
  auto line = [&](long long n, const char* verb, const std::vector<std::string>& examples) {
    if (n == 0) return;
    std::string text = std::string(dryRun ? "would " : "") + verb + " " +
                       plural(n, "registrant", "registrants") + ": " + joined(examples);
    if (n > static_cast<long long>(examples.size())) text += "; ...";
    lines.push_back(text);
  };
  line(summary.added, "add", summary.addedExamples);
  line(summary.updated, "update", summary.updatedExamples);
  line(summary.withdrawn, "withdraw", summary.withdrawnExamples);
  if (summary.problemCount > 0) {
    lines.push_back(std::string(dryRun ? "would report " : "reported ") +
                    plural(summary.problemCount, "problem", "problems") +
                    ", first: " + summary.problems.front().message);
  }
  return lines;
}

namespace {

// Imports every source in one transaction, the column mapping with it; a dry run's is rolled
// back.
ImportSummary importAll(RunContext& context, const RegistrationNormalizer& normalizer,
                        std::vector<std::unique_ptr<RegistrationSource>>& sources) {
  ImporterOptions importerOptions;
  importerOptions.maxWithdrawPercent =
      static_cast<int>(context.settings.integer("registrations.max_withdraw_percent"));
  importerOptions.allowShrink = context.options.allowShrink;
  ImportSummary summary;
  try {
    context.store.transact([&] {
      replaceColumnMapping(context.store, columnMapping(sources));
      RegistrantImporter importer(context.store, normalizer, context.runId,
                                  isoUtc(context.clock.nowMs()), importerOptions);
      for (auto& source : sources) importer.importFrom(*source, context.progress);
      summary = importer.finish();
      // Committed with the change: a run killed after the import leaves the later steps work.
      if (!summary.changedIds.empty()) markLaterStepsPending(context.store);
      if (context.options.dryRun && !context.options.scratchStore) throw DryRunRollback{};
    });
  } catch (const DryRunRollback&) {
    // The dry run's writes are rolled back: the store is as it was.
  }
  return summary;
}

}  // namespace

StepResult ImportStep::run(RunContext& context) {
  const bool dryRun = context.options.dryRun;
  RegistrationNormalizer normalizer(normalizerOptions(context.settings));
  auto sources = openRegistrationSources(context, openRaceResult_);
  context.progress.stepStarted(name(), 0);
  planMapping(context.plan, sources);
  const ImportSummary summary = importAll(context, normalizer, sources);
  context.changes.known = true;
  context.changes.ids.clear();
  context.changes.ids.insert(summary.changedIds.begin(), summary.changedIds.end());

  StepResult result;
  countInto(result, summary);
  noteSources(result, sources);
  for (const auto& warning : summary.warnings) result.note(warning);
  for (const auto& alert : summary.alerts) result.alert("import: " + alert);
  for (const auto& matched : summary.matchedExamples) result.note(matched);
  for (const auto& line : describe(summary, dryRun)) context.plan.add(name(), line);
  std::ostringstream line;
  line << plural(summary.read, "row", "rows") << " read: " << summary.added << " new, "
       << summary.updated << " updated, " << summary.unchanged << " unchanged, "
       << summary.withdrawn << " withdrawn, " << summary.skipped << " skipped, "
       << plural(summary.problemCount, "problem", "problems") << (dryRun ? " (dry run)" : "");
  context.progress.stepFinished(name(), line.str());
  return result;
}

}  // namespace racesync
