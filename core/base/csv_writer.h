// Writing CSV for people and spreadsheets: RFC 4180 quoting, any one-character separator, and
// formula injection neutralised (docs/CONTRACT.md §6). Pure functions.
#pragma once

#include <string>
#include <vector>

namespace racesync {

// One cell: a value starting with '=', '+', '-', '@', tab or CR gets a leading "'" so that no
// spreadsheet runs it as a formula; then a value holding the separator, '"', CR or LF is quoted,
// its quotes doubled.
std::string csvCell(const std::string& value, char separator = ',');

// The cells joined by `separator`, each through csvCell, ended by "\r\n" (RFC 4180).
std::string csvRow(const std::vector<std::string>& cells, char separator = ',');

}  // namespace racesync
