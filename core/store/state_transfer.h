// Moving a whole state from one store to another (SQLite or PostgreSQL, either way): every table
// of the schema copied row by row through StoreStatement, in one transaction on the target that
// commits only once the target holds as many rows of each table as the source.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace racesync {

class StateStore;

struct StoreColumn {
  std::string name;
  bool integer = false;  // read and bound as an integer (else as text); NULL stays NULL either way
};

struct StoreTable {
  std::string name;
  std::vector<StoreColumn> columns;
  std::string orderBy;  // the primary key: rows are copied in this order
};

// Every table of the current schema with every column (tests/unit/store/state_transfer_test holds
// it to the migrated schema, so that a new table or column cannot be left behind).
const std::vector<StoreTable>& storeTables();

// Rows per table of one store.
struct StateCounts {
  std::map<std::string, long long> rows;  // table -> rows
  long long of(const std::string& table) const;
};

// Counts the rows of every table of storeTables() in `store`.
StateCounts countState(StateStore& store);

struct TransferPlan {
  std::string source;  // where from and where to, as the user named them
  std::string target;
  int schemaVersion = 0;
  StateCounts sourceRows;
  StateCounts targetRows;  // what the target holds now: removed first (replace)
  bool replace = false;
};

// The transfer of a state (`sourceVersion`, `source` counts) into a store that holds `target`
// counts. Throws InputError naming `targetName` and --replace when the target already holds
// registrants or keys and `replace` is false (a state is never merged into another), and
// StoreError when the schema versions differ. Pure: touches no store.
TransferPlan planTransfer(const std::string& sourceName, const std::string& targetName,
                          int sourceVersion, int targetVersion, const StateCounts& source,
                          const StateCounts& target, bool replace);

// What `plan` does, one line each, for --dry-run and for the summary.
std::vector<std::string> describeTransfer(const TransferPlan& plan);

// Copies every row of `source` into `target` as `plan` says, in one transaction on `target`
// (emptying its tables first when plan.replace), and verifies before committing that each table
// of the target holds exactly the rows the source holds: on any difference it rolls back and
// throws StoreError, so the target is either the whole source or left as it was. Reads the
// source in one transaction of its own (one consistent snapshot). Returns the target's counts.
StateCounts applyTransfer(StateStore& source, StateStore& target, const TransferPlan& plan);

}  // namespace racesync
