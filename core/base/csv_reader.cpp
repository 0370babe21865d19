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
  Traits::int_type c = in.sgetc();
  if (c == Traits::eof()) return false;

  std::string overflow;  // the values past kMaxFields, read and dropped
  std::size_t kept = 0;
  std::string* field = nullptr;
  auto keep = [&](char ch) {
    if (field->size() < kMaxValue && kept < kMaxRecord && field != &overflow) {
      *field += ch;
      ++kept;
    } else {
      oversized_ = true;
    }
  };
  bool lineEnded = false;
  while (!lineEnded) {
    // The start of a field.
    if (fields.size() < kMaxFields) {
      fields.emplace_back();
      field = &fields.back();
    } else {
      oversized_ = true;
      overflow.clear();
      field = &overflow;
    }
    c = in.sbumpc();
    if (c == Traits::eof()) break;
    char ch = Traits::to_char_type(c);
    if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && in.sgetc() == '\n') in.sbumpc();
      ++line;
      if (fields.size() == 1) fields.clear();  // a blank line
      break;
    }
    if (ch == '"') {
      // A quoted value: runs to the next lone quote, whatever it holds.
      while (true) {
        c = in.sbumpc();
        if (c == Traits::eof()) {
          unclosedQuote_ = true;
          lineEnded = true;
          break;
        }
        ch = Traits::to_char_type(c);
        if (ch == '"') {
          if (in.sgetc() == '"') {
            in.sbumpc();
            keep('"');
            continue;
          }
          break;
        }
        if (ch == '\r' || ch == '\n') {
          if (ch == '\r' && in.sgetc() == '\n') in.sbumpc();
          ++line;
          keep('\n');
          continue;
        }
        keep(ch);
      }
      if (lineEnded) break;
      c = in.sbumpc();
      if (c == Traits::eof()) break;
      ch = Traits::to_char_type(c);
    }
    // An unquoted value, or what follows a closing quote (kept as written, as spreadsheets do).
    while (true) {
      if (ch == delimiter_) break;
      if (ch == '\r' || ch == '\n') {
        if (ch == '\r' && in.sgetc() == '\n') in.sbumpc();
        ++line;
        lineEnded = true;
        break;
      }
      keep(ch);
      c = in.sbumpc();
      if (c == Traits::eof()) {
        lineEnded = true;
        break;
      }
      ch = Traits::to_char_type(c);
    }
  }
  return true;
}

}  // namespace racesync
