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

std::string linksCsv(const std::vector<RegistrantLink>& registrants, CsvDialect dialect,
                     char excelSeparator) {
  const bool excel = dialect == CsvDialect::kExcel;
  const char separator = excel ? excelSeparator : ',';
  // Excel reads UTF-8 only after a byte order mark, and splits at ';' where ',' is the decimal
  // comma (German, French, ... locales), at ',' elsewhere.
  std::string out = excel ? "\xEF\xBB\xBF" : "";
  out += csvRow({"registration_id", "bib", "first_name", "last_name", "email", "race", "key",
                 "link", "qr_file", "status"},
                separator);
  for (const auto& r : registrants) {
    const bool current = !r.qrFile.empty() && !r.link.empty() && r.qrLink == r.link;
    out += csvRow({r.id, r.bib, r.firstName, r.lastName, r.email, r.race, r.key,
                   r.key.empty() ? "" : r.link, current ? r.qrFile : "", toString(r.status)},
                  separator);
  }
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
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += "{\"importId\": " + json(r.id) + ", \"name\": " + json(r.name) +
           ", \"startNumber\": " + json(r.bib) + ", \"key\": " + json(r.key);
    if (!r.race.empty()) out += ", \"tags.race\": " + json(r.race);
    out += "}";
  }
  out += first ? "]\n" : "\n]\n";
  return out;
}

std::string racemapImportCsv(const std::vector<RegistrantLink>& registrants) {
  std::string out = csvRow({"startnumber", "name", "key", "tags"}, ';');
  for (const auto& r : registrants) {
    if (!inRacemapImport(r)) continue;
    out += csvRow({r.bib, r.name, r.key, r.race.empty() ? "" : "race: " + r.race}, ';');
  }
  return out;
}

RacemapFiles planRacemapFiles(const std::vector<RegistrantLink>& registrants, CsvDialect dialect,
                              char excelSeparator) {
  RacemapFiles plan;
  plan.files = {
      {"links.csv", linksCsv(registrants, dialect, excelSeparator)},
      {"racemap-import.json", racemapImportJson(registrants)},
      {"racemap-import.csv", racemapImportCsv(registrants)},
  };
  plan.rows = static_cast<long long>(registrants.size());
  for (const auto& r : registrants) plan.importStarters += inRacemapImport(r) ? 1 : 0;
  return plan;
}

}  // namespace racesync
