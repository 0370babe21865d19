#include "core/config/state_location.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace racesync {

namespace {

constexpr const char* kUrlForm = "write postgresql://user@host[:port]/database";

}  // namespace

std::string libpqQuoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string postgresConninfo(const std::string& url, const std::string& password,
                             std::string& problem) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    problem = "'" + url + "' is not a URL (" + e.message() + "): " + kUrlForm;
    return "";
  }
  if (uri.getScheme() != "postgresql" && uri.getScheme() != "postgres") {
    problem = "'" + url + "' is not a postgresql:// URL: " + kUrlForm +
              ", or leave state.url empty for the SQLite file at state.path";
    return "";
  }
  if (uri.getUserInfo().find(':') != std::string::npos) {
    problem =
        "the URL holds a password, which never goes in the configuration file: remove it "
        "and export RACESYNC_DB_PASSWORD (or use PGPASSWORD or ~/.pgpass)";
    return "";
  }
  std::string database = uri.getPath();
  if (!database.empty() && database[0] == '/') database.erase(0, 1);
  if (uri.getHost().empty() || database.empty() || database.find('/') != std::string::npos ||
      !uri.getRawQuery().empty() || !uri.getFragment().empty()) {
    problem = "'" + url + "' names no host and database: " + kUrlForm;
    return "";
  }
  std::string conninfo = "host=" + libpqQuoted(uri.getHost());
  if (uri.getSpecifiedPort() != 0) conninfo += " port=" + std::to_string(uri.getSpecifiedPort());
  if (!uri.getUserInfo().empty()) conninfo += " user=" + libpqQuoted(uri.getUserInfo());
  conninfo += " dbname=" + libpqQuoted(database);
  if (!password.empty()) conninfo += " password=" + libpqQuoted(password);
  return conninfo;
}

StateLocation stateLocation(const Settings& settings) {
  StateLocation location;
  const auto& env = settings.environment();
  auto fromEnv = env.find("RACESYNC_STATE_URL");
  std::string url = fromEnv != env.end() ? fromEnv->second : settings.text("state.url");
  if (url.empty()) {
    location.path = settings.statePath();
    return location;
  }
  std::string problem;
  location.conninfo = postgresConninfo(url, settings.secretOr("RACESYNC_DB_PASSWORD", ""), problem);
  if (location.conninfo.empty()) {
    const char* key =
        fromEnv != env.end() ? "RACESYNC_STATE_URL (overrides state.url)" : "state.url";
    throw settings.error(key, problem);
  }
  location.url = url;
  // A computed default: the event's RACEMAP id, else its name.
  if (settings.isSet("state.event")) location.event = settings.required("state.event");
  if (location.event.empty()) location.event = settings.text("racemap.event_id");
  if (location.event.empty()) location.event = settings.text("event.name");
  if (location.event.empty()) {
    throw settings.error("state.event",
                         "a shared PostgreSQL state needs the event this configuration is: set "
                         "state.event (or racemap.event_id, or event.name)");
  }
  return location;
}

}  // namespace racesync
