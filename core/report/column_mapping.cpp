#include "core/report/column_mapping.h"

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include "core/base/errors.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace racesync {

std::vector<MappedColumn> mappedColumns(StateStore& store) {
  int tables = 0;
  store.session() << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                     "name = 'column_mapping'",
      into(tables), now;
  if (tables == 0) return {};
  std::vector<std::string> sources, formats, fields, headers;
  try {
    store.session() << "SELECT source, format, field, header FROM column_mapping "
                       "ORDER BY source, seq",
        into(sources), into(formats), into(fields), into(headers), now;
  } catch (const Poco::Exception& e) {
    throw StoreError("report: cannot read the column mapping: " + e.displayText());
  }
  std::vector<MappedColumn> columns;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    columns.push_back({sources[i], formats[i], fields[i], headers[i]});
  }
  return columns;
}

}  // namespace racesync
