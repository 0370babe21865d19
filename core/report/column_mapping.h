// The hook through which the report shows which header of which file each field was read from.
// The import fills a `column_mapping` table (source, seq, field, header, format); until a store
// has that table the report simply has no such section.
#pragma once

#include <string>
#include <vector>

namespace racesync {

class StateStore;

struct MappedColumn {
  std::string source;  // the file as configured
  std::string format;  // "utf-8, ';' separated"
  std::string field;   // "email"; "" for a header no field took
  std::string header;  // "Participant Email"; "" when the field was not found
};

// The stored mapping by source, then in the import's order; empty when the store has no
// column_mapping table (yet). Throws StoreError when the table exists but cannot be read.
std::vector<MappedColumn> mappedColumns(StateStore& store);

}  // namespace racesync
