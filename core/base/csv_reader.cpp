#include "core/base/csv_reader.h"

#include <Poco/String.h>

#include <sstream>

namespace racesync {

namespace {

using Traits = std::char_traits<char>;

// No registration value is this long. Beyond it a value (a quote never closed, a file without line
// breaks) is still read to its end but no longer kept, so memory stays bounded whatever the input.
constexpr std::size_t kMaxValue = 1 << 20;
// Nor has a registration this many values or this many bytes in one record: beyond them values are
// read but not kept (a 10 MB line of commas costs a few KiB, not hundreds of MiB of empty strings).
constexpr std::size_t kMaxFields = 1024;
constexpr std::size_t kMaxRecord = 1 << 20;

// Reads the raw text of the next non-blank line (a quoted line break does not end it), counting
// lines. Returns false at the end of the stream.
bool readRawLine(std::streambuf& in, std::string& text, int& line, int& startLine) {
  while (true) {
    text.clear();
    startLine = line;
    bool quoted = false;
    Traits::int_type c;
    while ((c = in.sbumpc()) != Traits::eof()) {
      char ch = Traits::to_char_type(c);
      if (ch == '"') quoted = !quoted;
      if (ch == '\r' || ch == '\n') {
        if (ch == '\r' && in.sgetc() == '\n') in.sbumpc();
        ++line;
        if (!quoted) break;
        text += '\n';
        continue;
      }
      if (text.size() < kMaxValue) text += ch;
    }
    // A line of nothing but delimiters (";;;;", as spreadsheets save an empty row) is blank too.
    bool blank = text.find_first_not_of(" \t,;") == std::string::npos;
    if (!blank) return true;
    if (c == Traits::eof()) return false;
  }
}

// The most frequent of tab, semicolon and comma outside quotes; ties go to tab, then semicolon
// ("Name;Ort, Land" is semicolon separated); comma when there is none.
char sniffDelimiter(const std::string& header) {
  int tabs = 0, semicolons = 0, commas = 0;
  bool quoted = false;
  for (char ch : header) {
    if (ch == '"') quoted = !quoted;
    if (quoted) continue;
    tabs += ch == '\t';
    semicolons += ch == ';';
    commas += ch == ',';
  }
  if (tabs > 0 && tabs >= semicolons && tabs >= commas) return '\t';
  return semicolons > commas ? ';' : ',';
}

// The values of one record as they are read, within the limits: past them characters and values
// are read and dropped, and the record is marked oversized.
class RecordSink {
 public:
  explicit RecordSink(std::vector<std::string>& fields) : fields_(fields) {}
  // Starts the next value (past kMaxFields, one that is dropped).
  void startValue() {
    if (fields_.size() < kMaxFields) {
      fields_.emplace_back();
      value_ = &fields_.back();
    } else {
      oversized_ = true;
      overflow_.clear();
      value_ = &overflow_;
    }
  }
  void put(char ch) {
    if (value_ != &overflow_ && value_->size() < kMaxValue && kept_ < kMaxRecord) {
      *value_ += ch;
      ++kept_;
    } else {
      oversized_ = true;
    }
  }
  bool oversized() const { return oversized_; }

 private:
  std::vector<std::string>& fields_;
  std::string overflow_;
  std::string* value_ = nullptr;
  std::size_t kept_ = 0;
  bool oversized_ = false;
};

// True when `ch` ends a line (CR, LF, or CR before an LF, which is taken too); counts the line.
bool takeLineEnd(std::streambuf& in, char ch, int& line) {
  if (ch != '\r' && ch != '\n') return false;
  if (ch == '\r' && in.sgetc() == '\n') in.sbumpc();
  ++line;
  return true;
}

// A quoted value after its opening quote: runs to the next lone quote, whatever it holds (a
// doubled quote is one quote, a line break is '\n'). False when the stream ends first.
bool readQuoted(std::streambuf& in, RecordSink& sink, int& line) {
  while (true) {
    Traits::int_type c = in.sbumpc();
    if (c == Traits::eof()) return false;
    char ch = Traits::to_char_type(c);
    if (ch == '"') {
      if (in.sgetc() != '"') return true;
      in.sbumpc();
      sink.put('"');
    } else if (takeLineEnd(in, ch, line)) {
      sink.put('\n');
    } else {
      sink.put(ch);
    }
  }
}

// An unquoted value from `ch` on, or what follows a closing quote (kept as written, as
// spreadsheets do). True when the record ends with it (a line end, the end of the stream), false
// at a delimiter.
bool readUnquoted(std::streambuf& in, char ch, char delimiter, RecordSink& sink, int& line) {
  while (ch != delimiter) {
    if (takeLineEnd(in, ch, line)) return true;
    sink.put(ch);
    Traits::int_type c = in.sbumpc();
    if (c == Traits::eof()) return true;
    ch = Traits::to_char_type(c);
  }
  return false;
}

}  // namespace

CsvReader::CsvReader(std::istream& in) : in_(in) {}

bool CsvReader::readHeader(std::vector<std::string>& fields) {
  std::streambuf& buffer = *in_.rdbuf();
  std::string text;
  if (!readRawLine(buffer, text, nextLine_, recordLine_)) return false;
  // Excel writes "sep=;" above the header when asked to name the delimiter.
  if (text.size() == 5 && Poco::icompare(text.substr(0, 4), "sep=") == 0) {
    delimiter_ = text[4];
    if (!readRawLine(buffer, text, nextLine_, recordLine_)) return false;
  } else {
    delimiter_ = sniffDelimiter(text);
  }
  std::stringbuf header(text);
  int ignored = 1;
  parse(header, fields, ignored);
  return true;
}

bool CsvReader::next(std::vector<std::string>& fields) {
  recordLine_ = nextLine_;
  return parse(*in_.rdbuf(), fields, nextLine_);
}

bool CsvReader::parse(std::streambuf& in, std::vector<std::string>& fields, int& line) {
  fields.clear();
  unclosedQuote_ = false;
  oversized_ = false;
  if (in.sgetc() == Traits::eof()) return false;
  RecordSink sink(fields);
  bool recordEnded = false;
  while (!recordEnded) {
    sink.startValue();
    Traits::int_type c = in.sbumpc();
    if (c == Traits::eof()) break;
    char ch = Traits::to_char_type(c);
    if (takeLineEnd(in, ch, line)) {
      if (fields.size() == 1) fields.clear();  // a blank line
      break;
    }
    if (ch == '"') {
      if (!readQuoted(in, sink, line)) {
        unclosedQuote_ = true;
        break;
      }
      c = in.sbumpc();
      if (c == Traits::eof()) break;
      ch = Traits::to_char_type(c);
    }
    recordEnded = readUnquoted(in, ch, delimiter_, sink, line);
  }
  oversized_ = sink.oversized();
  return true;
}

}  // namespace racesync
