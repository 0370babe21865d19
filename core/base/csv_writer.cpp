#include "core/base/csv_writer.h"

namespace racesync {

std::string csvCell(const std::string& value, char separator) {
  std::string cell;
  if (!value.empty()) {
    const char first = value.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
        first == '\r') {
      cell += '\'';
    }
  }
  cell += value;
  if (cell.find_first_of(std::string{separator, '"', '\r', '\n'}) == std::string::npos) {
    return cell;
  }
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csvRow(const std::vector<std::string>& cells, char separator) {
  std::string row;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) row += separator;
    row += csvCell(cells[i], separator);
  }
  row += "\r\n";
  return row;
}

}  // namespace racesync
