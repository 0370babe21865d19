// The report's data beside report.html, one race at a time: report-data/race-<n>.js (the rows the
// page loads when someone looks at that race, JSONP-style so that it works from file://) and
// report-data/races/<race>.csv (the same rows for a spreadsheet), with the counts the index shows.
#pragma once

#include "core/base/file_modes.h"

#include <cstddef>
#include <string>
#include <vector>

namespace racesync {

class StateStore;
struct RegistrantRow;

struct RaceData {
  int index = 0;         // n of race-<n>.js: the race's place in name order
  std::string name;      // as the export names it ("" when a row had none)
  std::string jsFile;    // relative to out.dir: "report-data/race-0.js"
  std::string csvFile;   // relative to out.dir: "report-data/races/Half-Marathon.csv"
  long long active = 0;  // registrants not withdrawn
  long long withdrawn = 0;
  long long noEmail = 0;  // active ones without an email address
  long long noBib = 0;    // active ones without a bib
  long long keys = 0;     // active ones with a key
  long long qrCodes = 0;
  long long mailsSent = 0;
  long long mailsFailed = 0;
};

// An active registrant who lacks something (an email, a bib), with the place to fix it.
struct MissingEntry {
  std::string id;
  std::string name;
  std::string race;
  std::string bib;
  std::string qrFile;
  std::string source;  // the file of the last import, "" when none
  int line = 0;
};

struct ReportData {
  std::vector<RaceData> races;
  std::vector<MissingEntry> noEmail;  // the first `listLimit`, in race and bib order
  std::vector<MissingEntry> noBib;
  long long noEmailTotal = 0;
  long long noBibTotal = 0;
  int filesWritten = 0;  // files whose content changed (and so were rewritten)
  int filesRemoved = 0;  // files of races that are gone
};

// Reads every registrant once (forEachRegistrant) and writes each race's .js and .csv under
// `outDir`/report-data, each only when its content changed; removes the files of races that are
// no longer there. Memory grows with the largest race, not with the whole event. Throws StoreError
// when a file cannot be written.
ReportData writeRaceData(StateStore& store, const std::string& outDir, std::size_t listLimit,
                         const FileModes& modes = FileModes{});

// One registrant as the page's array: [id, bib, name, email, withdrawn (0/1), key, link, qr file,
// RaceRanger outcome, mail state, mail error], every string through jsText.
std::string raceDataRow(const RegistrantRow& row);

// "Half Marathon" -> "Half-Marathon": the race's name as a file name ([A-Za-z0-9_-] only);
// "race" when nothing is left.
std::string raceFileStem(const std::string& race);

}  // namespace racesync
