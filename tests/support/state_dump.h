// Every row of every table of a state store as text, for tests that compare two stores.
#pragma once

#include <string>
#include <vector>

namespace racesync {
class StateStore;
}

namespace racesync::test {

// "table|column='value'|column=NULL|..." for each row of each table of storeTables(), in
// primary-key order, read through Poco::Data (not through the transfer's StoreStatement).
std::vector<std::string> dumpState(StateStore& store);

}  // namespace racesync::test
