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
  readSkipRules(options);
}

void CsvRegistrationSource::open(const std::string& path) {
  Poco::File file(path);
  if (!file.exists()) {
    throw InputError(name_ + ": file not found (" + path +
                     "): check registrations.files, relative to the configuration file's folder");
  }
  if (!file.isFile()) throw InputError(name_ + ": not a file: name a CSV export");
  file_.open(path, std::ios::binary);
  if (!file_ || !file.canRead()) {
    throw InputError(name_ + ": cannot be read: check its permissions");
  }
  encoding_ = detectEncoding(file_, name_).encoding;
  if (encoding_ == Encoding::kUtf8) {
    text_ = std::make_unique<std::istream>(file_.rdbuf());
  } else {
    decoder_ = std::make_unique<TextDecoder>(file_, encoding_);
    text_ = std::make_unique<std::istream>(decoder_.get());
  }
  reader_ = std::make_unique<CsvReader>(*text_);
}

void CsvRegistrationSource::readHeader(const CsvSourceOptions& options) {
  std::vector<std::string> headers;
  if (!reader_->readHeader(headers)) {
    throw InputError(name_ + ": the file is empty: export the registrations again, with a header");
  }
  for (auto& header : headers) header = trimValue(header);
  while (!headers.empty() && headers.back().empty()) headers.pop_back();  // trailing delimiters
  char delimiter = reader_->delimiter();
  report_.format =
      std::string(encodingName(encoding_)) + ", " +
      (delimiter == '\t' ? std::string("tab") : "'" + std::string(1, delimiter) + "'") +
      " separated";
  std::string place = name_ + ":" + std::to_string(reader_->line());
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

void CsvRegistrationSource::readSkipRules(const CsvSourceOptions& options) {
  for (const auto& [header, values] : options.skipWhen) {
    int column = map_->find(header);
    if (column < 0) {
      if (auto field = fieldFromName(header)) column = map_->column(*field);
    }
    if (column < 0) {
      unappliedSkipRules_.push_back(header);
      continue;
    }
    std::vector<std::string> keys;
    for (const auto& value : values) keys.push_back(matchKey(value));
    skipRules_.emplace_back(column, std::move(keys));
  }
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
    if (reader_->unclosedQuote()) {
      report_.complete = false;
      report_.problems.push_back(
          problem("unclosed_quote",
                  "a quote opened on this line is never closed: the rest of the file was read "
                  "as one value",
                  "close the quote (a quote inside a quoted value is written twice) and export "
                  "again"));
    }
    if (skipped()) {
      ++report_.skipped;
      continue;
    }
    std::size_t width = map_->headers().size();
    if (fields_.size() > width) {
      auto extra =
          std::count_if(fields_.begin() + static_cast<std::ptrdiff_t>(width), fields_.end(),
                        [](const std::string& f) { return !trimValue(f).empty(); });
      if (extra > 0) {
        report_.problems.push_back(
            problem("extra_values",
                    std::to_string(extra) + " more value" + (extra == 1 ? "" : "s") +
                        " than the header has columns: values may have shifted",
                    "quote values that contain the delimiter, or export again"));
      }
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
