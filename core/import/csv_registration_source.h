// A registration export in a CSV file as a RegistrationSource: encoding and delimiter found by
// themselves, columns by header aliases, rows left out by registrations.skip_when, and the end of
// the data found where a platform appends something else. Streams: memory does not grow with rows,
// nor (beyond 1 MiB) with the length of one line. A row with a structural problem is never handed
// out as a registration.
#pragma once

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/base/csv_reader.h"
#include "core/base/text_decoder.h"
#include "core/import/header_map.h"
#include "core/import/registration_source.h"

namespace racesync {

struct CsvSourceOptions {
  std::map<Field, std::string> columns;  // registrations.columns.<field> = <header>
  // registrations.skip_when.<header or field> = values: a row whose value in that column is one
  // of these (case and accents do not matter) is left out.
  std::map<std::string, std::vector<std::string>> skipWhen;
  // registrations.skip_when = values: a row whose race is one of these (case and accents do not
  // matter) is not a registration (merchandise, a donation) and is left out.
  std::vector<std::string> skipRaces;
  // registrations.default_race: the race of every row of a file without a race column.
  std::string defaultRace;
};

class CsvRegistrationSource : public RegistrationSource {
 public:
  // Opens the file at `path` and reads its header; `name` is how messages call it (the path as
  // configured). Throws InputError "<name>: ..." when the file is missing, unreadable, binary,
  // empty, or its header has no known column or no name column; ConfigurationError when
  // registrations.columns names a header the file does not have.
  CsvRegistrationSource(const std::string& path, const std::string& name,
                        const CsvSourceOptions& options);

  bool next(RawRegistration& row) override;
  const SourceReport& report() const override { return report_; }

  Encoding encoding() const { return encoding_; }
  char delimiter() const { return reader_->delimiter(); }
  const HeaderMap& headerMap() const { return *map_; }
  // "registrations.csv: utf-8, ';' separated" and then HeaderMap::describe(), indented: what
  // `racesync inspect` prints.
  std::vector<std::string> mappingLines() const;
  // One line, "registrations.csv (utf-8, ';' separated): " and HeaderMap::summary(), then the
  // hints: the top of a dry run.
  std::vector<std::string> mappingSummary() const;
  // The registrations.skip_when.<header> headers this file has no column for; "" for
  // registrations.skip_when (race values) when the file has no race column.
  const std::vector<std::string>& unappliedSkipRules() const { return unappliedSkipRules_; }

 private:
  // The constructor's parts: the file opened with its encoding, the header mapped (throws
  // InputError for a header without a known or a name column), the skip rules put on columns.
  void open(const std::string& path);
  void readHeader(const CsvSourceOptions& options);
  void applySkipRules(const CsvSourceOptions& options);
  bool looksLikeJunk() const;
  bool skipped() const;
  // A problem that makes the current record unusable (unclosed quote, shifted or oversized
  // values, bytes that are not UTF-8), or "" when there is none; the row is then never stored.
  bool structuralProblem();
  void warnAboutMissingColumns(const CsvSourceOptions& options);
  // A problem for each line of a mixed file that is not UTF-8 (the first 20), a warning for more.
  void reportForeignLines(const DetectedEncoding& detected);
  Problem problem(const std::string& code, const std::string& text, const std::string& hint) const;

  std::string name_;
  std::ifstream file_;
  Encoding encoding_ = Encoding::kUtf8;
  std::unique_ptr<TextDecoder> decoder_;  // null for UTF-8, which is read as it is
  std::unique_ptr<std::istream> text_;
  std::unique_ptr<CsvReader> reader_;
  std::unique_ptr<HeaderMap> map_;
  std::vector<std::pair<int, std::vector<std::string>>> skipRules_;  // column, match keys
  std::vector<std::string> unappliedSkipRules_;
  std::vector<std::string> fields_;
  std::string defaultRace_;
  bool blankBefore_ = false;
  bool done_ = false;
  SourceReport report_;
};

}  // namespace racesync
