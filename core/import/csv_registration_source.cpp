#include "core/import/csv_registration_source.h"

#include <Poco/File.h>
#include <Poco/String.h>

#include <algorithm>

#include "core/base/errors.h"
#include "core/base/match_key.h"

namespace racesync {

namespace {

// "a, b, c" for a header, cut after a few columns so that a message stays one line.
std::string listHeaders(const std::vector<std::string>& headers) {
  constexpr std::size_t kShown = 8;
  std::string text;
  for (std::size_t i = 0; i < headers.size() && i < kShown; ++i) {
    text += (i > 0 ? ", " : "") + std::string("'") + headers[i] + "'";
  }
  if (headers.size() > kShown) text += ", ...";
  return text;
}

}  // namespace

CsvRegistrationSource::CsvRegistrationSource(const std::string& path, const std::string& name,
                                             const CsvSourceOptions& options)
    : name_(name) {
  report_.name = name;
  open(path);
  readHeader(options);
  defaultRace_ = map_->has(Field::kRace) ? "" : options.defaultRace;
  warnAboutMissingColumns(options);
  applySkipRules(options);
}

void CsvRegistrationSource::open(const std::string& path) {
  const std::string& name = name_;
  Poco::File file(path);
  if (!file.exists()) {
    throw InputError(name + ": file not found (" + path +
                     "): check registrations.files, relative to the configuration file's folder");
  }
  if (!file.isFile()) throw InputError(name + ": not a file: name a CSV export");
  file_.open(path, std::ios::binary);
  if (!file_ || !file.canRead()) {
    throw InputError(name + ": cannot be read: check its permissions");
  }
  DetectedEncoding detected = detectEncoding(file_, name);
  encoding_ = detected.encoding;
  reportForeignLines(detected);
  if (encoding_ == Encoding::kUtf8) {
    text_ = std::make_unique<std::istream>(file_.rdbuf());
  } else {
    decoder_ = std::make_unique<TextDecoder>(file_, encoding_);
    text_ = std::make_unique<std::istream>(decoder_.get());
  }
  reader_ = std::make_unique<CsvReader>(*text_);
}

void CsvRegistrationSource::readHeader(const CsvSourceOptions& options) {
  const std::string& name = name_;
  std::vector<std::string> headers;
  if (!reader_->readHeader(headers)) {
    throw InputError(name + ": the file is empty: export the registrations again, with a header");
  }
  for (auto& header : headers) header = trimValue(header);
  while (!headers.empty() && headers.back().empty()) headers.pop_back();  // trailing delimiters
  char delimiter = reader_->delimiter();
  report_.format =
      std::string(encodingName(encoding_)) + ", " +
      (delimiter == '\t' ? std::string("tab") : "'" + std::string(1, delimiter) + "'") +
      " separated";
  std::string place = name + ":" + std::to_string(reader_->line());
  map_ = std::make_unique<HeaderMap>(headers, options.columns, place);
  if (!map_->any()) {
    throw InputError(place + ": not a registration export: no known column in the header (" +
                     listHeaders(headers) +
                     "): export as CSV with a header row, or name the columns with "
                     "registrations.columns.<field>");
  }
  if (!map_->has(Field::kName) && !map_->has(Field::kFirstName) && !map_->has(Field::kLastName)) {
    throw InputError(place + ": no name column in the header (" + listHeaders(headers) +
                     "): name it with registrations.columns.name (or first_name and last_name)");
  }
}

void CsvRegistrationSource::applySkipRules(const CsvSourceOptions& options) {
  auto addRule = [&](int column, const std::vector<std::string>& values) {
    std::vector<std::string> keys;
    for (const auto& value : values) keys.push_back(matchKey(value));
    skipRules_.emplace_back(column, std::move(keys));
  };
  if (!options.skipRaces.empty()) {
    // registrations.skip_when: race values that are not registrations (a T-shirt, a donation).
    if (map_->has(Field::kRace)) {
      addRule(map_->column(Field::kRace), options.skipRaces);
    } else {
      unappliedSkipRules_.push_back("");
    }
  }
  for (const auto& [header, values] : options.skipWhen) {
    int column = map_->find(header);
    if (column < 0) {
      if (auto field = fieldFromName(header)) column = map_->column(*field);
    }
    if (column < 0) {
      unappliedSkipRules_.push_back(header);
      continue;
    }
    addRule(column, values);
  }
}

void CsvRegistrationSource::reportForeignLines(const DetectedEncoding& detected) {
  const std::string& name = name_;
  for (int line : detected.foreignLines) {
    Problem p;
    p.step = "import";
    p.source = name;
    p.line = line;
    p.code = "mixed_encoding";
    p.message = name + ":" + std::to_string(line) +
                ": this line is not UTF-8 like the rest of the file: read as windows-1252";
    p.hint = "check its accented letters, and save the whole export as UTF-8";
    report_.problems.push_back(std::move(p));
  }
  if (detected.foreignLineCount > static_cast<long long>(detected.foreignLines.size())) {
    report_.warnings.push_back(name + ": " + std::to_string(detected.foreignLineCount) +
                               " lines are windows-1252 in a UTF-8 file; the first " +
                               std::to_string(detected.foreignLines.size()) +
                               " are listed as problems");
  }
}

void CsvRegistrationSource::warnAboutMissingColumns(const CsvSourceOptions& options) {
  std::string headers = listHeaders(map_->headers());
  auto nearest = [&](Field field) {
    std::string near = map_->nearestText(field);
    return near.empty() ? std::string() : "nearest headers: " + near + "; ";
  };
  std::vector<std::string> alerts;
  for (const auto& hint : map_->hints()) alerts.push_back(name_ + ": " + hint);
  if (!map_->has(Field::kEmail)) {
    alerts.push_back(name_ + ": no email column among " + headers + ": nobody can be mailed; " +
                     nearest(Field::kEmail) + "name it with registrations.columns.email");
  }
  if (!map_->has(Field::kBib)) {
    alerts.push_back(name_ + ": no bib column among " + headers +
                     ": links carry no start number; " + nearest(Field::kBib) +
                     "name it with registrations.columns.bib");
  }
  if (!map_->has(Field::kRace) && options.defaultRace.empty()) {
    alerts.push_back(name_ + ": no race column among " + headers + ": " + nearest(Field::kRace) +
                     "name it with registrations.columns.race, or set "
                     "registrations.default_race for a single-race event");
  }
  for (const auto& alert : alerts) report_.warnings.push_back(alert);
  report_.alerts = std::move(alerts);
}

std::vector<std::string> CsvRegistrationSource::mappingLines() const {
  std::vector<std::string> lines{name_ + ": " + report_.format};
  for (const auto& line : map_->describe()) lines.push_back("  " + line);
  if (!defaultRace_.empty()) lines.push_back("  race: '" + defaultRace_ + "' for every row");
  return lines;
}

std::vector<std::string> CsvRegistrationSource::mappingSummary() const {
  std::string line = name_ + " (" + report_.format + "): " + map_->summary();
  if (!defaultRace_.empty()) line += "; race '" + defaultRace_ + "' for every row";
  std::vector<std::string> lines{line};
  for (const auto& hint : map_->hints()) lines.push_back(name_ + ": " + hint);
  return lines;
}

bool CsvRegistrationSource::structuralProblem() {
  const char* hint = "correct the row in the export (or export again); it is not imported";
  if (reader_->unclosedQuote()) {
    report_.problems.push_back(
        problem("unclosed_quote",
                "a quote opened on this line is never closed: the rest of the file was read as "
                "one value, and the row is not imported",
                "close the quote (a quote inside a quoted value is written twice) and export "
                "again"));
    return true;
  }
  if (reader_->oversized()) {
    report_.problems.push_back(problem(
        "oversized_row",
        "the row has more than 1024 values or more than 1 MiB of text: it is not imported", hint));
    return true;
  }
  std::size_t width = map_->headers().size();
  if (fields_.size() > width) {
    auto extra = std::count_if(fields_.begin() + static_cast<std::ptrdiff_t>(width), fields_.end(),
                               [](const std::string& f) { return !trimValue(f).empty(); });
    if (extra > 0) {
      report_.problems.push_back(
          problem("extra_values",
                  std::to_string(extra) + " more value" + (extra == 1 ? "" : "s") +
                      " than the header has columns: values have shifted, the row is not imported",
                  "quote values that contain the delimiter, or export again"));
      return true;
    }
  }
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    // The decoder turns bytes that are not UTF-8 into U+FFFD, so that nothing downstream ever
    // sees invalid text; here either marks a damaged row.
    std::size_t at = firstInvalidUtf8(fields_[i]);
    if (at == std::string::npos) at = fields_[i].find("\xEF\xBF\xBD");
    if (at == std::string::npos) continue;
    std::string column = i < width ? "'" + map_->headers()[i] + "'" : std::to_string(i + 1);
    bool nul = fields_[i][at] == '\0';
    report_.problems.push_back(
        problem(nul ? "nul_byte" : "invalid_utf8",
                "column " + column + ", byte " + std::to_string(at + 1) + ": " +
                    (nul ? "a NUL byte" : "bytes that are not UTF-8") + ": the row is not imported",
                nul ? "remove the NUL byte (the export is damaged): export again"
                    : "save the export as UTF-8 (or without the byte order mark, so that its "
                      "encoding is detected)"));
    return true;
  }
  return false;
}

Problem CsvRegistrationSource::problem(const std::string& code, const std::string& text,
                                       const std::string& hint) const {
  Problem p;
  p.step = "import";
  p.source = name_;
  p.line = reader_->line();
  p.code = code;
  p.message = name_ + ":" + std::to_string(reader_->line()) + ": " + text;
  p.hint = hint;
  return p;
}

bool CsvRegistrationSource::looksLikeJunk() const {
  // An HTML page (or any markup) is never a registration; after a blank line, a line without a
  // single delimiter in a file with several columns is a footer ("Total: 352"), not a row.
  std::string first = trimValue(fields_.front());
  if (!first.empty() && first[0] == '<') return true;
  return blankBefore_ && fields_.size() == 1 && map_->headers().size() >= 3;
}

bool CsvRegistrationSource::skipped() const {
  for (const auto& [column, keys] : skipRules_) {
    if (static_cast<std::size_t>(column) >= fields_.size()) continue;
    std::string key = matchKey(fields_[static_cast<std::size_t>(column)]);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return true;
  }
  return false;
}

bool CsvRegistrationSource::next(RawRegistration& row) {
  while (!done_ && reader_->next(fields_)) {
    bool blank = std::all_of(fields_.begin(), fields_.end(),
                             [](const std::string& f) { return trimValue(f).empty(); });
    if (blank) {
      blankBefore_ = true;
      continue;
    }
    if (looksLikeJunk()) {
      report_.warnings.push_back(name_ + ":" + std::to_string(reader_->line()) +
                                 ": the data ends here: the rest of the file is not "
                                 "registrations (an HTML page?) and is ignored");
      done_ = true;
      break;
    }
    blankBefore_ = false;
    if (structuralProblem()) {
      // The row's values cannot be trusted: a stored registrant keeps what it has, and nobody is
      // marked as withdrawn on the strength of this file.
      report_.complete = false;
      continue;
    }
    if (skipped()) {
      ++report_.skipped;
      continue;
    }
    for (Field field : allFields()) {
      int column = map_->column(field);
      std::string& value = row[field];
      if (column >= 0 && static_cast<std::size_t>(column) < fields_.size()) {
        value = fields_[static_cast<std::size_t>(column)];
      } else {
        value.clear();
      }
    }
    if (!defaultRace_.empty()) row[Field::kRace] = defaultRace_;
    row.idIsOrder = map_->idIsOrder();
    row.source = name_;
    row.line = reader_->line();
    row.place = name_ + ":" + std::to_string(row.line);
    ++report_.rows;
    return true;
  }
  done_ = true;
  return false;
}

}  // namespace racesync
