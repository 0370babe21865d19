// The column mapping of the last import: which header of which file each field came from, kept in
// the store so that the report can show it after the run.
#pragma once

#include <string>
#include <vector>

namespace racesync {

class StateStore;

struct ColumnMappingRow {
  std::string source;  // the file as configured
  std::string format;  // "utf-8, ';' separated"
  std::string field;   // "email"; "" for a header no field took
  std::string header;  // "Participant Email"; "" when the field was not found
};

// Replaces the stored mapping with `rows` (in their order), in the caller's transaction if any;
// writes nothing when the stored mapping is the same.
void replaceColumnMapping(StateStore& store, const std::vector<ColumnMappingRow>& rows);
// The stored mapping, by source and then in the order it was stored.
std::vector<ColumnMappingRow> loadColumnMapping(StateStore& store);

}  // namespace racesync
