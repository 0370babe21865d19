#include "core/config/config_check.h"

#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <map>

#include "core/base/edit_distance.h"
#include "core/base/errors.h"
#include "core/base/time_zone.h"
#include "core/config/config_keys.h"
#include "core/config/settings.h"

namespace racesync {

namespace {

std::string nearestKey(const std::string& key) {
  std::string best;
  std::size_t bestDistance = 5;  // further than this is no suggestion, only noise
  for (const auto& known : configKeys()) {
    // A pattern is compared without its placeholder and suggested as "prefix.*".
    std::string candidate = known.isPattern() ? known.patternPrefix() : known.name;
    if (known.isPattern()) candidate.pop_back();
    std::size_t distance = editDistance(Poco::toLower(key), candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = known.isPattern() ? known.patternPrefix() + "*" : known.name;
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

// Secrets written into the file, and keys the table does not declare.
void checkKeyNames(const Settings& settings) {
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
    std::string value = Poco::trim(settings.raw().getString(key));
    if (value.rfind("rr_o_", 0) == 0 || value.rfind("rr_e_", 0) == 0) {
      throw settings.error(key,
                           "a RaceRanger API key does not belong in the configuration file: "
                           "remove it and export RACERANGER_API_KEY instead");
    }
    if (findConfigKey(key) == nullptr) {
      std::string suggestion = nearestKey(key);
      throw settings.error(
          key, "unknown key" + (suggestion.empty() ? std::string(": remove it")
                                                   : ": did you mean '" + suggestion + "'?"));
    }
  }
}

// Each value against its declared kind: numbers and their bounds, flags, choices, URLs.
void checkValues(const Settings& settings) {
  for (const auto& key : settings.allKeys()) {
    std::string problem =
        configValueProblem(*findConfigKey(key), Poco::trim(settings.raw().getString(key)));
    if (!problem.empty()) throw settings.error(key, problem);
  }
}

// What the mail route needs, before any step runs: the SMTP route a sender and a server, the
// outbox a sender only (its .eml files are sent later); mail.enabled = false without an outbox
// needs neither.
void checkMail(const Settings& settings) {
  bool enabled = settings.flag("mail.enabled");
  bool outbox = !settings.text("mail.outbox").empty();
  if (!enabled && !outbox) return;
  if (!settings.isSet("mail.from")) {
    throw settings.error(
        "mail.from", enabled ? "missing key: the sender, e.g. Stadtlauf <info@stadtlauf.de> (or "
                               "mail.enabled = false)"
                             : "missing key: the sender of the .eml files written to mail.outbox, "
                               "e.g. Stadtlauf <info@stadtlauf.de>");
  }
  std::string from = settings.text("mail.from");
  std::string address = from.substr(from.find('<') == std::string::npos ? 0 : from.find('<') + 1);
  if (address.find('@') == std::string::npos || address.find('@') == 0) {
    throw settings.error("mail.from",
                         "'" + from + "' has no valid address: write Name <address@domain>");
  }
  if (enabled && !settings.isSet("mail.smtp.host")) {
    throw settings.error("mail.smtp.host", "missing key: the SMTP server that sends the mails");
  }
}

bool isLoopbackHost(const std::string& host) {
  const std::string name = Poco::toLower(host);
  if (name == "localhost" || name == "::1") return true;
  return name.rfind("127.", 0) == 0 && name.find_first_not_of("0123456789.") == std::string::npos;
}

// The services racesync sends a secret to, the key of their address and the secret's home.
struct ServiceUrl {
  const char* service;
  const char* secret;
};

// Credentials in a service's address, and plain http:// beyond loopback, which would carry the
// token unencrypted over the network.
void checkServiceUrls(const Settings& settings) {
  for (const auto& [service, secret] :
       {ServiceUrl{"racemap", "RACEMAP_TOKEN"}, ServiceUrl{"raceranger", "RACERANGER_API_KEY"},
        ServiceUrl{"raceresult", "RACERESULT_API_KEY"}}) {
    const std::string key = std::string(service) + ".base_url";
    const std::string value = settings.text(key);
    if (value.empty()) continue;
    Poco::URI uri(value);  // checkValues has made sure it parses
    if (!uri.getUserInfo().empty()) {
      uri.setUserInfo("***");
      throw settings.error(key, "'" + uri.toString() +
                                    "' holds credentials (user:password@), which would be sent "
                                    "and printed as they are: remove them from the address and "
                                    "export " +
                                    secret + " instead");
    }
    const std::string allowKey = std::string(service) + ".allow_plain_http";
    if (Poco::toLower(uri.getScheme()) == "http" && !isLoopbackHost(uri.getHost()) &&
        !settings.flag(allowKey)) {
      throw settings.error(key, "'" + value + "' is plain http: " + secret +
                                    " would cross the network unencrypted: write https://" +
                                    uri.getAuthority() + uri.getPath() + ", or set " + allowKey +
                                    " = true for a lab network you trust");
    }
  }
}

// A time zone that the system does not know fails now, not after the run when the report is due.
void checkTimeZone(const Settings& settings) {
  const std::string key = "report.timezone";
  if (!settings.isSet(key)) return;
  try {
    TimeZone::named(settings.text(key), key);
  } catch (const ConfigurationError& e) {
    throw settings.error(key, e.message().substr(key.size() + 2));  // without "<key>: "
  }
}

// The keys the selected steps cannot run without.
void checkRequired(const Settings& settings, const std::vector<std::string>& steps) {
  auto selected = [&](const char* step) {
    return std::find(steps.begin(), steps.end(), step) != steps.end();
  };
  auto require = [&](const std::string& key, const std::string& hint) {
    if (!settings.isSet(key)) throw settings.error(key, "missing key: " + hint);
  };
  if (selected("import") && settings.text("registrations.source") == "csv") {
    require("registrations.files", "list the registration CSV exports, comma-separated");
  }
  if (selected("keys")) require("racemap.event_id", "the id of the event in RACEMAP");
  if (selected("mail")) checkMail(settings);
  if (selected("raceranger")) {
    require("raceranger.base_url", "the RaceRanger API address that came with your API key");
    require("raceranger.event_id", "the RaceRanger event id (evt_...)");
  }
}

}  // namespace

void checkConfiguration(const Settings& settings, const std::vector<std::string>& steps) {
  checkKeyNames(settings);
  checkValues(settings);
  checkServiceUrls(settings);
  checkTimeZone(settings);
  checkRequired(settings, steps);
}

}  // namespace racesync
