// A streaming CSV reader for what registration platforms really export: RFC 4180 quoting
// (delimiters, doubled quotes and line breaks inside quotes), CR, LF or CRLF line ends, and the
// delimiter (comma, semicolon or tab) sniffed from the header line. Pure: reads a UTF-8 stream.
#pragma once

#include <istream>
#include <string>
#include <vector>

namespace racesync {

class CsvReader {
 public:
  // Reads from `in` (borrowed), which holds UTF-8 text.
  explicit CsvReader(std::istream& in);

  // Reads the header: the first line that is not blank. Sniffs the delimiter from it (the most
  // frequent of tab, semicolon and comma outside quotes; comma when there is none), or takes it
  // from an Excel "sep=;" line before the header. Returns false
  // when the stream holds no such line. Call it once, before next().
  bool readHeader(std::vector<std::string>& fields);

  // Reads the next record into `fields` (replacing its content); false at the end of the stream.
  // A blank line is a record with no fields. Values are as written: not trimmed; a quoted line
  // break is "\n" whatever the file's line ends.
  bool next(std::vector<std::string>& fields);

  // The line on which the last record (or the header) began, counting from 1.
  int line() const { return recordLine_; }
  char delimiter() const { return delimiter_; }
  // True when the last record ended inside quotes at the end of the stream: an unclosed quote
  // swallowed the rest of the file.
  bool unclosedQuote() const { return unclosedQuote_; }
  // True when the last record had more than 1024 values, a value over 1 MiB or more than 1 MiB in
  // all: what is past those limits was read but not kept.
  bool oversized() const { return oversized_; }

 private:
  // Parses one record from `buffer`, counting line breaks into `line`.
  bool parse(std::streambuf& buffer, std::vector<std::string>& fields, int& line);

  std::istream& in_;
  char delimiter_ = ',';
  int nextLine_ = 1;
  int recordLine_ = 0;
  bool unclosedQuote_ = false;
  bool oversized_ = false;
};

}  // namespace racesync
