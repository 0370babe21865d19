#include "core/config/config_check.h"

#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <map>

#include "core/base/errors.h"
#include "core/config/settings.h"

namespace racesync {

const std::vector<std::string>& knownConfigKeys() {
  static const std::vector<std::string> kKeys = {
      "event.name",
      "state.path",
      "out.dir",
      "templates.dir",
      "registrations.source",
      "registrations.files",
      "registrations.columns.*",
      "registrations.skip_when.*",
      "registrations.date_order",
      "registrations.races",
      "racemap.base_url",
      "racemap.event_id",
      "racemap.generate_method",
      "racemap.link_base",
      "racemap.max_keys_per_call",
      "racemap.pending_grace_ms",
      "racemap.timeout_ms",
      "qr.error_correction",
      "qr.module_px",
      "qr.quiet_zone",
      "qr.threads",
      "raceranger.base_url",
      "raceranger.event_id",
      "raceranger.races.*",
      "raceranger.paths.*",
      "raceranger.batch_size",
      "raceranger.per_minute",
      "raceranger.per_hour",
      "raceranger.max_tries",
      "raceranger.max_pages",
      "raceranger.timeout_ms",
      "raceranger.retry_base_ms",
      "raceranger.retry_base_ms",
      "mail.enabled",
      "mail.smtp.host",
      "mail.smtp.port",
      "mail.smtp.tls",
      "mail.smtp.user",
      "mail.smtp.timeout_ms",
      "mail.smtp.ca_file",
      "mail.from",
      "mail.reply_to",
      "mail.template",
      "mail.per_minute",
      "mail.max_attempts",
      "mail.outbox",
      "raceresult.base_url",
      "raceresult.event_id",
      "raceresult.fields",
      "raceresult.fields.*",
      "raceresult.filter",
      "raceresult.timeout_ms",
  };
  return kKeys;
}

namespace {

bool matches(const std::string& pattern, const std::string& key) {
  std::string lowerKey = Poco::toLower(key);
  if (pattern.size() > 1 && pattern.compare(pattern.size() - 2, 2, ".*") == 0) {
    std::string prefix = pattern.substr(0, pattern.size() - 1);  // keeps the dot
    return lowerKey.size() > prefix.size() && lowerKey.compare(0, prefix.size(), prefix) == 0;
  }
  return lowerKey == pattern;
}

std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string nearestKey(const std::string& key) {
  std::string best;
  std::size_t bestDistance = 5;  // further than this is no suggestion, only noise
  for (const auto& known : knownConfigKeys()) {
    std::string candidate = known.back() == '*' ? known.substr(0, known.size() - 2) : known;
    std::size_t distance = editDistance(Poco::toLower(key), candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = known;
    }
  }
  return best;
}

// Keys a user may be tempted to write a secret into, and where the secret belongs instead.
const std::map<std::string, std::string>& secretHomes() {
  static const std::map<std::string, std::string> kHomes = {
      {"racemap", "RACEMAP_TOKEN"},
      {"raceranger", "RACERANGER_API_KEY"},
      {"mail", "SMTP_PASSWORD"},
      {"raceresult", "RACERESULT_API_KEY"},
  };
  return kHomes;
}

bool looksLikeSecretKey(const std::string& key) {
  std::string last = Poco::toLower(key.substr(key.rfind('.') + 1));
  for (const char* word : {"token", "password", "passwd", "secret", "api_key", "apikey"}) {
    if (last.find(word) != std::string::npos) return true;
  }
  return false;
}

void checkUrl(const Settings& settings, const std::string& key) {
  if (!settings.has(key)) return;
  std::string value = settings.stringOr(key, "");
  Poco::URI uri;
  bool ok = false;
  try {
    uri = Poco::URI(value);
    ok = (uri.getScheme() == "http" || uri.getScheme() == "https") && !uri.getHost().empty();
  } catch (const Poco::Exception&) {
    ok = false;
  }
  if (!ok) {
    throw settings.error(
        key, "'" + value + "' is not an http(s) URL: write it like https://host[:port]");
  }
}

}  // namespace

void checkConfiguration(const Settings& settings, const std::vector<std::string>& steps) {
  for (const auto& key : settings.allKeys()) {
    std::string area = Poco::toLower(key.substr(0, key.find('.')));
    if (looksLikeSecretKey(key)) {
      auto home = secretHomes().find(area);
      std::string variable = home == secretHomes().end() ? "an environment variable" : home->second;
      throw settings.error(key,
                           "secrets do not belong in the configuration file: remove the "
                           "line and export " +
                               variable + " instead");
    }
    std::string value = settings.stringOr(key, "");
    if (value.rfind("rr_o_", 0) == 0 || value.rfind("rr_e_", 0) == 0) {
      throw settings.error(key,
                           "a RaceRanger API key does not belong in the configuration file: "
                           "remove it and export RACERANGER_API_KEY instead");
    }
    bool known = std::any_of(knownConfigKeys().begin(), knownConfigKeys().end(),
                             [&](const std::string& pattern) { return matches(pattern, key); });
    if (!known) {
      std::string suggestion = nearestKey(key);
      throw settings.error(
          key, "unknown key" + (suggestion.empty() ? std::string(": remove it")
                                                   : ": did you mean '" + suggestion + "'?"));
    }
  }
  for (const char* key :
       {"racemap.base_url", "racemap.link_base", "raceranger.base_url", "raceresult.base_url"}) {
    checkUrl(settings, key);
  }

  auto selected = [&](const char* step) {
    return std::find(steps.begin(), steps.end(), step) != steps.end();
  };
  auto require = [&](const std::string& key, const std::string& hint) {
    if (!settings.has(key) || settings.stringOr(key, "").empty()) {
      throw settings.error(key, "missing key: " + hint);
    }
  };
  if (selected("import") && settings.stringOr("registrations.source", "csv") == "csv") {
    require("registrations.files", "list the registration CSV exports, comma-separated");
  }
  if (selected("keys")) require("racemap.event_id", "the id of the event in RACEMAP");
  if (selected("mail")) {
    bool enabled = settings.booleanOr("mail.enabled", true);
    if (enabled || !settings.stringOr("mail.outbox", "").empty()) {
      require("mail.from",
              "the sender, e.g. Stadtlauf <info@stadtlauf.de> (or mail.enabled = false)");
    }
    if (enabled) require("mail.smtp.host", "the SMTP server that sends the mails");
  }
  if (selected("raceranger")) {
    require("raceranger.base_url", "the RaceRanger API address that came with your API key");
    require("raceranger.event_id", "the RaceRanger event id (evt_...)");
  }
}

}  // namespace racesync
