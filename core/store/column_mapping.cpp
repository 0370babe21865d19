#include "core/store/column_mapping.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include "core/store/state_store.h"

using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

void replaceColumnMapping(StateStore& store, const std::vector<ColumnMappingRow>& rows) {
  store.transact([&] {
    store.session() << "DELETE FROM column_mapping", now;
    int seq = 0;
    for (const auto& row : rows) {
      ColumnMappingRow r = row;
      store.session() << "INSERT INTO column_mapping (source, seq, field, header, format) "
                         "VALUES (?, ?, ?, ?, ?)",
          use(r.source), use(seq), use(r.field), use(r.header), use(r.format), now;
      ++seq;
    }
  });
}

std::vector<ColumnMappingRow> loadColumnMapping(StateStore& store) {
  Poco::Data::Statement select(store.session());
  select << "SELECT source, format, field, header FROM column_mapping ORDER BY source, seq";
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
