// The files of step `racemap` (docs/CONTRACT.md §2 and §6), built as text by pure functions:
// links.csv for people, and the RACEMAP participant import as JSON feed and semicolon CSV.
#pragma once

#include <string>
#include <vector>

#include "core/links/registrant_links.h"

namespace racesync {

// out.csv_dialect: kStandard is UTF-8, ',' and CRLF; kExcel is UTF-8 with a byte order mark, ';'
// and CRLF, which a German Excel opens in columns.
enum class CsvDialect { kStandard, kExcel };

// links.csv: a header, then one row per registrant (withdrawn ones too, status 'withdrawn'):
// registration_id,bib,first_name,last_name,email,race,key,link,qr_file,status. qr_file is empty
// unless the file on disk encodes the current link. Formula starts are neutralised.
std::string linksCsv(const std::vector<RegistrantLink>& registrants,
                     CsvDialect dialect = CsvDialect::kStandard);

// Whether a registrant belongs in the RACEMAP import: active and holding a key. Withdrawn
// registrants keep their key in the store but leave the import, so RACEMAP deletes their starter.
bool inRacemapImport(const RegistrantLink& registrant);

// racemap-import.json: a flat array, one object per line:
// {"importId", "name", "startNumber", "key", "tags.race"} (tags.race only with a race).
std::string racemapImportJson(const std::vector<RegistrantLink>& registrants);

// racemap-import.csv: "startnumber;name;key;tags", tags as RACEMAP reads them ("race: Marathon").
std::string racemapImportCsv(const std::vector<RegistrantLink>& registrants);

}  // namespace racesync
