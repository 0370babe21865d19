#include "core/store/column_mapping.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include <algorithm>

#include "core/store/state_store.h"
#include "core/store/store_statement.h"

using Poco::Data::Keywords::now;

namespace racesync {

void replaceColumnMapping(StateStore& store, const std::vector<ColumnMappingRow>& rows) {
  std::vector<ColumnMappingRow> stored = loadColumnMapping(store);
  auto same = [](const ColumnMappingRow& a, const ColumnMappingRow& b) {
    return a.source == b.source && a.format == b.format && a.field == b.field &&
           a.header == b.header;
  };
  // loadColumnMapping orders by source: compare in that order.
  std::vector<ColumnMappingRow> wanted = rows;
  std::stable_sort(wanted.begin(), wanted.end(),
                   [](const auto& a, const auto& b) { return a.source < b.source; });
  if (std::equal(stored.begin(), stored.end(), wanted.begin(), wanted.end(), same)) return;
  store.transact([&] {
    store.sql("DELETE FROM column_mapping"), now;
    StoreStatement insert(store,
                          "INSERT INTO column_mapping (source, seq, field, header, format) "
                          "VALUES (?, ?, ?, ?, ?)");
    long long seq = 0;
    for (const auto& row : rows) {
      insert.bind(1, row.source).bind(2, seq++).bind(3, row.field).bind(4, row.header);
      insert.bind(5, row.format).run();
    }
  });
}

std::vector<ColumnMappingRow> loadColumnMapping(StateStore& store) {
  Poco::Data::Statement select =
      store.sql("SELECT source, format, field, header FROM column_mapping ORDER BY source, seq");
  select.execute();
  Poco::Data::RecordSet rs(select);
  std::vector<ColumnMappingRow> rows;
  for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
    rows.push_back({rs.value(0).convert<std::string>(), rs.value(1).convert<std::string>(),
                    rs.value(2).convert<std::string>(), rs.value(3).convert<std::string>()});
  }
  return rows;
}

}  // namespace racesync
