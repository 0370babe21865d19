#include "core/store/state_transfer.h"

#include <memory>

#include "core/base/errors.h"
#include "core/store/state_store.h"
#include "core/store/store_statement.h"

namespace racesync {

namespace {

StoreColumn text(const char* name) { return {name, false}; }
StoreColumn integer(const char* name) { return {name, true}; }

// "SELECT <null flag>, <value>, ... FROM table ORDER BY key": each column read with a flag that
// tells NULL from "" and 0 (a free key's registration_id is NULL, and UNIQUE: '' would clash).
std::string selectAll(const StoreTable& table) {
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const std::string& c = table.columns[i].name;
    sql += (i ? ", " : "") + std::string("CASE WHEN ") + c + " IS NULL THEN 1 ELSE 0 END, " + c;
  }
  return sql + " FROM " + table.name + " ORDER BY " + table.orderBy;
}

std::string insertAll(const StoreTable& table) {
  std::string names, marks;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    names += (i ? ", " : "") + table.columns[i].name;
    marks += i ? ", ?" : "?";
  }
  return "INSERT INTO " + table.name + " (" + names + ") VALUES (" + marks + ")";
}

// Copies one table row by row; returns the rows written.
long long copyTable(StateStore& source, StateStore& target, const StoreTable& table) {
  StoreStatement select(source, selectAll(table));
  StoreStatement insert(target, insertAll(table));
  std::string value;
  long long rows = 0;
  while (select.next()) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const int at = static_cast<int>(2 * i);
      if (select.integer(at) != 0) {
        insert.bindNull(index);
      } else if (table.columns[i].integer) {
        insert.bind(index, select.integer(at + 1));
      } else {
        select.text(at + 1, value);
        insert.bind(index, value);
      }
    }
    rows += insert.run();
  }
  return rows;
}

// PostgreSQL: the identity columns (runs, problems, key_requests) continue after the ids copied
// in, as SQLite's AUTOINCREMENT does by itself.
void continueIdentities(StateStore& target) {
  if (target.dialect() != SqlDialect::kPostgres) return;
  for (const StoreTable& table : storeTables()) {
    if (table.orderBy != "id" || !table.columns.front().integer) continue;
    StoreStatement restart(target, "SELECT setval(pg_get_serial_sequence('" + table.name +
                                       "', 'id'), coalesce(max(id), 0) + 1, false) FROM " +
                                       table.name);
    while (restart.next()) {
    }
  }
}

// Keys per state ("assigned" -> 376): compared as well as the row counts, so that a key cannot
// arrive in another state unnoticed.
std::map<std::string, long long> keyStates(StateStore& store) {
  std::map<std::string, long long> states;
  StoreStatement select(store, "SELECT state, count(*) FROM keys GROUP BY state");
  std::string state;
  while (select.next()) {
    select.text(0, state);
    states[state] = select.integer(1);
  }
  return states;
}

std::string describeKeyStates(const std::map<std::string, long long>& states) {
  std::string text;
  for (const auto& [state, count] : states) {
    text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + state;
  }
  return text.empty() ? "none" : text;
}

// Throws StoreError (the transaction rolls back) unless `target` holds what `source` holds.
void verifyCopy(const TransferPlan& plan, const StateCounts& copied, StateStore& source,
                StateStore& target) {
  const StateCounts held = countState(source);
  for (const StoreTable& table : storeTables()) {
    const long long want = held.of(table.name);
    if (copied.of(table.name) != want) {
      throw StoreError(plan.target + ": the copy holds " + std::to_string(copied.of(table.name)) +
                       " rows of " + table.name + " where " + plan.source + " holds " +
                       std::to_string(want) +
                       ": nothing was changed; is another racesync writing to either store?");
    }
  }
  auto want = keyStates(source), got = keyStates(target);
  if (want != got) {
    throw StoreError(plan.target + ": the copy holds keys " + describeKeyStates(got) + " where " +
                     plan.source + " holds " + describeKeyStates(want) + ": nothing was changed");
  }
}

}  // namespace

const std::vector<StoreTable>& storeTables() {
  static const std::vector<StoreTable> kTables = {
      {"runs",
       {integer("id"), text("started_at"), text("finished_at"), text("steps"), integer("exit_code"),
        text("summary")},
       "id"},
      {"registrants",
       {text("id"),           text("bib"),         text("first_name"),  text("last_name"),
        text("name"),         text("email"),       text("race"),        text("gender"),
        text("birth_date"),   text("age_group"),   text("team"),        text("country"),
        text("source"),       integer("line"),     text("import_hash"), text("status"),
        integer("first_run"), integer("last_run"), text("updated_at"),  text("language")},
       "id"},
      {"problems",
       {integer("id"), integer("run_id"), text("step"), text("source"), integer("line"),
        text("registration_id"), text("code"), text("message"), text("hint")},
       "id"},
      {"keys",
       {text("key"), text("state"), text("registration_id"), text("adopted_at"),
        text("assigned_at"), integer("request_id"), text("released_from")},
       "key"},
      {"key_requests",
       {integer("id"), integer("run_id"), integer("count"), integer("keys_before"), text("state"),
        text("outcome"), integer("adopted"), text("created_at"), text("reconciled_at")},
       "id"},
      {"links",
       {text("registration_id"), text("key"), text("link"), text("qr_file"), text("qr_link"),
        text("updated_at")},
       "registration_id"},
      {"athletes",
       {text("registration_id"), text("race_id"), text("content_hash"), text("outcome"),
        text("code"), text("message"), text("pushed_at")},
       "registration_id"},
      {"races",
       {text("race_id"), text("name"), text("status"), text("checked_at"), text("note"),
        integer("held")},
       "race_id"},
      {"mails",
       {text("registration_id"), text("link"), text("message_id"), text("email"), text("state"),
        integer("attempts"), integer("sends"), text("last_error"), text("sent_at"),
        text("updated_at")},
       "registration_id, link"},
      {"meta", {text("k"), text("v")}, "k"},
      {"writebacks",
       {text("registration_id"), text("named_by"), text("target"), text("key_field"), text("key"),
        text("link_field"), text("link"), text("outcome"), text("message"), text("written_at")},
       "registration_id"},
      {"column_mapping",
       {text("source"), integer("seq"), text("field"), text("header"), text("format")},
       "source, seq"},
      {"id_aliases", {text("alias"), text("id")}, "alias"},
      {"printed_labels",
       {text("registration_id"), text("content_hash"), text("file"), text("printed_at")},
       "registration_id"},
  };
  return kTables;
}

long long StateCounts::of(const std::string& table) const {
  auto it = rows.find(table);
  return it == rows.end() ? 0 : it->second;
}

StateCounts countState(StateStore& store) {
  StateCounts counts;
  for (const StoreTable& table : storeTables()) {
    StoreStatement count(store, "SELECT count(*) FROM " + table.name);
    counts.rows[table.name] = count.next() ? count.integer(0) : 0;
    while (count.next()) {
    }
  }
  return counts;
}

TransferPlan planTransfer(const std::string& sourceName, const std::string& targetName,
                          int sourceVersion, int targetVersion, const StateCounts& source,
                          const StateCounts& target, bool replace) {
  if (sourceVersion != targetVersion) {
    throw StoreError(targetName + ": schema version " + std::to_string(targetVersion) + ", but " +
                     sourceName + " has version " + std::to_string(sourceVersion) +
                     ": open both with the same racesync (run it once on each) and try again");
  }
  if (source.of("registrants") == 0 && source.of("keys") == 0) {
    throw InputError(sourceName +
                     ": holds no registrants and no keys: nothing to copy; check the "
                     "path, the URL or state.event");
  }
  const long long registrants = target.of("registrants"), keys = target.of("keys");
  if ((registrants > 0 || keys > 0) && !replace) {
    throw InputError(targetName + ": already holds a state (" + std::to_string(registrants) +
                     " registrants, " + std::to_string(keys) +
                     " keys): nothing was copied; pass --replace to overwrite it with " +
                     sourceName + ", or choose an empty store");
  }
  return TransferPlan{sourceName, targetName, sourceVersion, source, target, replace};
}

std::vector<std::string> describeTransfer(const TransferPlan& plan) {
  std::vector<std::string> lines;
  long long total = 0, removed = 0;
  for (const auto& [table, rows] : plan.sourceRows.rows) total += rows;
  for (const auto& [table, rows] : plan.targetRows.rows) removed += rows;
  lines.push_back("from " + plan.source + " to " + plan.target + " (schema version " +
                  std::to_string(plan.schemaVersion) + ")");
  if (plan.replace && removed > 0) {
    lines.push_back("replace: " + std::to_string(removed) + " rows of " + plan.target +
                    " removed first (" + std::to_string(plan.targetRows.of("registrants")) +
                    " registrants, " + std::to_string(plan.targetRows.of("keys")) + " keys)");
  }
  lines.push_back("copy: " + std::to_string(plan.sourceRows.of("registrants")) + " registrants, " +
                  std::to_string(plan.sourceRows.of("keys")) + " keys, " +
                  std::to_string(plan.sourceRows.of("links")) + " links, " +
                  std::to_string(plan.sourceRows.of("mails")) + " mails; " + std::to_string(total) +
                  " rows in " + std::to_string(storeTables().size()) + " tables");
  return lines;
}

StateCounts applyTransfer(StateStore& source, StateStore& target, const TransferPlan& plan) {
  StateCounts copied;
  source.transact([&] {
    target.transact([&] {
      if (plan.replace) {
        for (const StoreTable& table : storeTables()) {
          StoreStatement(target, "DELETE FROM " + table.name).run();
        }
      }
      for (const StoreTable& table : storeTables()) copyTable(source, target, table);
      continueIdentities(target);
      copied = countState(target);
      verifyCopy(plan, copied, source, target);
    });
  });
  return copied;
}

}  // namespace racesync
