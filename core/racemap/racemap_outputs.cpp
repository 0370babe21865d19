#include "core/racemap/racemap_outputs.h"

#include <Poco/JSONString.h>
#include <Poco/String.h>

#include <algorithm>

#include "core/base/csv_writer.h"

namespace racesync {
namespace {

std::string json(const std::string& text) { return Poco::toJSON(text, Poco::JSON_WRAP_STRINGS); }

}  // namespace

char excelListSeparator(const std::string& locale) {
  // Excel's list separator follows the decimal mark of the locale: a comma there takes ';'.
  static const std::vector<std::string> kDecimalPoint = {"en", "ja", "zh", "ko", "he", "th"};
  const std::string language = Poco::toLower(locale.substr(0, locale.find_first_of("-_")));
  return std::find(kDecimalPoint.begin(), kDecimalPoint.end(), language) != kDecimalPoint.end()
             ? ','
             : ';';
}

namespace {

std::string linksHeader(CsvDialect dialect, char separator) {
  // Excel reads UTF-8 only after a byte order mark, and splits at ';' where ',' is the decimal
  // comma (German, French, ... locales), at ',' elsewhere.
  return (dialect == CsvDialect::kExcel ? "\xEF\xBB\xBF" : "") +
         csvRow({"registration_id", "bib", "first_name", "last_name", "email", "race", "key",
                 "link", "qr_file", "status"},
                separator);
}

void appendLinksRow(std::string& out, const RegistrantLink& r, char separator) {
  const bool current = !r.qrFile.empty() && !r.link.empty() && r.qrLink == r.link;
  out += csvRow({r.id, r.bib, r.firstName, r.lastName, r.email, r.race, r.key,
                 r.key.empty() ? "" : r.link, current ? r.qrFile : "", toString(r.status)},
                separator);
}

void appendImportJson(std::string& out, const RegistrantLink& r, bool first) {
  out += first ? "\n  " : ",\n  ";
  out += "{\"importId\": " + json(r.id) + ", \"name\": " + json(r.name) +
         ", \"startNumber\": " + json(r.bib) + ", \"key\": " + json(r.key);
  if (!r.race.empty()) out += ", \"tags.race\": " + json(r.race);
  out += "}";
}

std::string closeImportJson(bool empty) { return empty ? "]\n" : "\n]\n"; }

void appendImportCsv(std::string& out, const RegistrantLink& r) {
  out += csvRow({r.bib, r.name, r.key, r.race.empty() ? "" : "race: " + r.race}, ';');
}

}  // namespace

std::string linksCsv(const std::vector<RegistrantLink>& registrants, CsvDialect dialect,
                     char excelSeparator) {
  const char separator = dialect == CsvDialect::kExcel ? excelSeparator : ',';
  std::string out = linksHeader(dialect, separator);
  for (const auto& r : registrants) appendLinksRow(out, r, separator);
  return out;
}

bool inRacemapImport(const RegistrantLink& registrant) {
  return registrant.status == RegistrantStatus::kActive && !registrant.key.empty();
}

std::string racemapImportJson(const std::vector<RegistrantLink>& registrants) {
  std::string out = "[";
  bool first = true;
  for (const auto& r : registrants) {
    if (!inRacemapImport(r)) continue;
    appendImportJson(out, r, first);
    first = false;
  }
  return out + closeImportJson(first);
}

std::string racemapImportCsv(const std::vector<RegistrantLink>& registrants) {
  std::string out = csvRow({"startnumber", "name", "key", "tags"}, ';');
  for (const auto& r : registrants) {
    if (inRacemapImport(r)) appendImportCsv(out, r);
  }
  return out;
}

RacemapFilesBuilder::RacemapFilesBuilder(CsvDialect dialect, char excelSeparator)
    : separator_(dialect == CsvDialect::kExcel ? excelSeparator : ','),
      links_(linksHeader(dialect, separator_)),
      json_("["),
      csv_(csvRow({"startnumber", "name", "key", "tags"}, ';')) {}

void RacemapFilesBuilder::add(const RegistrantLink& r) {
  ++rows_;
  appendLinksRow(links_, r, separator_);
  if (!inRacemapImport(r)) return;
  appendImportJson(json_, r, starters_ == 0);
  appendImportCsv(csv_, r);
  ++starters_;
}

RacemapFiles RacemapFilesBuilder::finish() {
  json_ += closeImportJson(starters_ == 0);
  RacemapFiles plan;
  plan.files.emplace_back("links.csv", std::move(links_));
  plan.files.emplace_back("racemap-import.json", std::move(json_));
  plan.files.emplace_back("racemap-import.csv", std::move(csv_));
  plan.rows = rows_;
  plan.importStarters = starters_;
  return plan;
}

RacemapFiles planRacemapFiles(const std::vector<RegistrantLink>& registrants, CsvDialect dialect,
                              char excelSeparator) {
  RacemapFilesBuilder builder(dialect, excelSeparator);
  for (const auto& r : registrants) builder.add(r);
  return builder.finish();
}

}  // namespace racesync
