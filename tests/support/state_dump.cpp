#include "tests/support/state_dump.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "core/store/state_store.h"
#include "core/store/state_transfer.h"

namespace racesync::test {

std::vector<std::string> dumpState(StateStore& store) {
  using Poco::Data::Keywords::now;
  std::vector<std::string> lines;
  for (const StoreTable& table : storeTables()) {
    Poco::Data::Statement select(store.session());
    select << "SELECT * FROM " + table.name + " ORDER BY " + table.orderBy, now;
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
      std::string line = table.name;
      for (std::size_t i = 0; i < rows.columnCount(); ++i) {
        const std::string name = rows.columnName(i);
        line += "|" + name + "=" +
                (rows.isNull(name) ? "NULL" : "'" + rows.value(i).convert<std::string>() + "'");
      }
      lines.push_back(line);
    }
  }
  return lines;
}

}  // namespace racesync::test
