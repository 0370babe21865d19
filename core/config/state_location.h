// Where the state store lives: an SQLite file (state.path, the default) or one event's schema in
// a PostgreSQL database shared by several hosts (state.url, state.event).
#pragma once

#include <string>

#include "core/config/settings.h"

namespace racesync {

struct StateLocation {
  std::string path;      // the SQLite file (or ":memory:") when url is ""
  std::string url;       // postgresql://user@host[:port]/db as written, never with a password
  std::string conninfo;  // libpq's keyword form of url (with the password when one was given)
  std::string event;     // which event of the shared database (state.event)

  bool postgres() const { return !url.empty(); }
  // What messages call the store: the file, or "<url> (event <event>)".
  std::string name() const { return postgres() ? url + " (event " + event + ")" : path; }
};

// `value` as a libpq keyword value: in single quotes, ' and \ escaped.
std::string libpqQuoted(const std::string& value);

// The libpq connection string of `url` (postgresql:// or postgres://, user@host[:port]/database,
// nothing else), with `password` when it is not "". Returns "" and sets `problem` (what is wrong
// and how to write it) when `url` is not such a URL or carries a password.
std::string postgresConninfo(const std::string& url, const std::string& password,
                             std::string& problem);

// The location `settings` name: RACESYNC_STATE_URL, else state.url, else state.path. The password
// comes from RACESYNC_DB_PASSWORD, else libpq's own sources (PGPASSWORD, ~/.pgpass). Throws
// ConfigurationError naming state.url for a bad URL and state.event when no event can be told.
StateLocation stateLocation(const Settings& settings);

// A location for tests: the SQLite file `path`.
inline StateLocation sqliteLocation(const std::string& path) {
  StateLocation location;
  location.path = path;
  return location;
}

}  // namespace racesync
