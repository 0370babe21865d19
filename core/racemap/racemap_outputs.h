// The files of step `racemap` (docs/CONTRACT.md §2 and §6), built as text by pure functions:
// links.csv for people, and the RACEMAP participant import as JSON feed and semicolon CSV.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/store/link_records.h"

namespace racesync {

// out.csv_dialect: kStandard is UTF-8, ',' and CRLF; kExcel is UTF-8 with a byte order mark, the
// list separator of out.csv_locale and CRLF, which Excel opens in columns.
enum class CsvDialect { kStandard, kExcel };

// out.csv_locale: the list separator Excel uses there: ',' where the decimal mark is a point
// (en, ja, zh, ko, he, th), ';' where it is a comma (de, fr, es, it, nl, pt, ...; and for a
// locale it does not know). Case does not matter.
char excelListSeparator(const std::string& locale);

// links.csv: a header, then one row per registrant (withdrawn ones too, status 'withdrawn'):
// registration_id,bib,first_name,last_name,email,race,key,link,qr_file,status. qr_file is empty
// unless the file on disk encodes the current link. Formula starts are neutralised.
// `excelSeparator` is the separator of the kExcel dialect (see excelListSeparator).
std::string linksCsv(const std::vector<RegistrantLink>& registrants,
                     CsvDialect dialect = CsvDialect::kStandard, char excelSeparator = ';');

// Whether a registrant belongs in the RACEMAP import: active and holding a key. Withdrawn
// registrants keep their key in the store but leave the import, so RACEMAP deletes their starter.
bool inRacemapImport(const RegistrantLink& registrant);

// racemap-import.json: a flat array, one object per line:
// {"importId", "name", "startNumber", "key", "tags.race"} (tags.race only with a race).
std::string racemapImportJson(const std::vector<RegistrantLink>& registrants);

// racemap-import.csv: "startnumber;name;key;tags", tags as RACEMAP reads them ("race: Marathon").
std::string racemapImportCsv(const std::vector<RegistrantLink>& registrants);

// The racemap step's plan: the three files as they should be now, and what they hold.
struct RacemapFiles {
  std::vector<std::pair<std::string, std::string>> files;  // name under out.dir, content
  long long rows = 0;                                      // links.csv rows: every registrant
  long long importStarters = 0;                            // registrants in the RACEMAP import
};
// The same three files built one registrant at a time, so that the step need not hold every
// registrant (LinkRecords::eachRegistrantLink) besides the files: add() each in order, then
// finish() once.
class RacemapFilesBuilder {
 public:
  explicit RacemapFilesBuilder(CsvDialect dialect = CsvDialect::kStandard,
                               char excelSeparator = ';');
  void add(const RegistrantLink& registrant);
  RacemapFiles finish();

 private:
  char separator_;
  std::string links_, json_, csv_;
  long long rows_ = 0;
  long long starters_ = 0;
};

// links.csv (in `dialect`, see linksCsv), racemap-import.json and racemap-import.csv for
// `registrants`, in that order. Pure.
RacemapFiles planRacemapFiles(const std::vector<RegistrantLink>& registrants,
                              CsvDialect dialect = CsvDialect::kStandard,
                              char excelSeparator = ';');

}  // namespace racesync
