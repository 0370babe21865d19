#include "core/config/settings.h"

#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <functional>
#include <sstream>

#include "core/base/errors.h"

namespace racesync {

namespace {

void collectKeys(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                 std::vector<std::string>& out) {
  Poco::Util::AbstractConfiguration::Keys keys;
  config.keys(prefix, keys);
  if (keys.empty() && !prefix.empty()) {
    out.push_back(prefix);
    return;
  }
  for (const auto& key : keys) {
    collectKeys(config, prefix.empty() ? key : prefix + "." + key, out);
  }
}

}  // namespace

Settings::Settings(Poco::AutoPtr<Poco::Util::AbstractConfiguration> config, Environment env,
                   std::string configPath, std::string bundledTemplates)
    : config_(std::move(config)),
      env_(std::move(env)),
      configPath_(std::move(configPath)),
      bundledTemplates_(std::move(bundledTemplates)) {
  Poco::Path path(configPath_);
  path.makeAbsolute();
  baseDir_ = path.isDirectory() ? path.toString() : path.parent().toString();
}

Settings Settings::load(const std::string& path, Environment env, std::string bundledTemplates) {
  Poco::File file(path);
  if (!file.exists()) {
    throw ConfigurationError(path +
                             ": configuration file not found: pass an existing file with -c");
  }
  if (!file.isFile() || !file.canRead()) {
    throw ConfigurationError(path + ": configuration file cannot be read: check its permissions");
  }
  try {
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> config;
    if (Poco::Path(path).getExtension() == "properties") {
      config = new Poco::Util::PropertyFileConfiguration(path);  // AutoPtr owns it
    } else {
      config = new Poco::Util::IniFileConfiguration(path);  // AutoPtr owns it
    }
    return Settings(config, std::move(env), path, std::move(bundledTemplates));
  } catch (const Poco::Exception& e) {
    throw ConfigurationError(path + ": cannot parse the configuration: " + e.displayText());
  }
}

Settings Settings::fromString(const std::string& ini, Environment env, const std::string& baseDir,
                              std::string bundledTemplates) {
  std::istringstream stream(ini);
  Poco::AutoPtr<Poco::Util::AbstractConfiguration> config(
      new Poco::Util::IniFileConfiguration(stream));  // AutoPtr owns it
  Poco::Path dir(baseDir);
  dir.makeDirectory();
  return Settings(config, std::move(env), dir.toString(), std::move(bundledTemplates));
}

ConfigurationError Settings::error(const std::string& key, const std::string& problem) const {
  std::string place = Poco::Path(configPath_).getFileName();
  if (place.empty()) place = "configuration";
  return ConfigurationError(place + ": " + key + ": " + problem);
}

bool Settings::has(const std::string& key) const { return config_->hasProperty(key); }

std::string Settings::string(const std::string& key, const std::string& hint) const {
  if (!has(key) || Poco::trim(config_->getRawString(key)).empty()) {
    throw error(key, "missing key" + (hint.empty() ? std::string() : ": " + hint));
  }
  return Poco::trim(config_->getString(key));
}

std::string Settings::stringOr(const std::string& key, const std::string& fallback) const {
  if (!has(key)) return fallback;
  std::string value = Poco::trim(config_->getString(key));
  return value.empty() ? fallback : value;
}

long long Settings::integerOr(const std::string& key, long long fallback, long long min,
                              long long max) const {
  if (!has(key) || Poco::trim(config_->getRawString(key)).empty()) return fallback;
  std::string text = Poco::trim(config_->getString(key));
  Poco::Int64 value = 0;
  if (!Poco::NumberParser::tryParse64(text, value) || value < min || value > max) {
    throw error(key, "'" + text + "' is not a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max));
  }
  return value;
}

double Settings::numberOr(const std::string& key, double fallback, double min, double max) const {
  if (!has(key) || Poco::trim(config_->getRawString(key)).empty()) return fallback;
  std::string text = Poco::trim(config_->getString(key));
  double value = 0;
  if (!Poco::NumberParser::tryParseFloat(text, value) || value < min || value > max) {
    std::ostringstream range;
    range << min << " to " << max;
    throw error(key, "'" + text + "' is not a number from " + range.str());
  }
  return value;
}

bool Settings::booleanOr(const std::string& key, bool fallback) const {
  if (!has(key) || Poco::trim(config_->getRawString(key)).empty()) return fallback;
  std::string text = Poco::toLower(Poco::trim(config_->getString(key)));
  if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
  if (text == "false" || text == "no" || text == "off" || text == "0") return false;
  throw error(key, "'" + text + "' is not true or false");
}

std::vector<std::string> Settings::list(const std::string& key) const {
  std::vector<std::string> items;
  if (!has(key)) return items;
  Poco::StringTokenizer tokens(
      config_->getString(key), ",",
      Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  items.assign(tokens.begin(), tokens.end());
  return items;
}

std::string Settings::resolvePath(const std::string& path) const {
  Poco::Path result(path);
  if (result.isRelative()) result = Poco::Path(Poco::Path(baseDir_).makeDirectory(), result);
  return result.toString();
}

std::string Settings::pathOr(const std::string& key, const std::string& fallback) const {
  return resolvePath(stringOr(key, fallback));
}

std::vector<std::string> Settings::keysUnder(const std::string& prefix) const {
  std::vector<std::string> full;
  collectKeys(*config_, prefix, full);
  std::vector<std::string> names;
  for (const auto& key : full) {
    if (key.size() > prefix.size() + 1) names.push_back(key.substr(prefix.size() + 1));
  }
  return names;
}

std::vector<std::string> Settings::allKeys() const {
  std::vector<std::string> full;
  collectKeys(*config_, "", full);
  return full;
}

std::string Settings::secret(const std::string& variable, const std::string& purpose) const {
  auto it = env_.find(variable);
  if (it == env_.end() || Poco::trim(it->second).empty()) {
    throw ConfigurationError("environment: " + variable + " is not set: export it with " + purpose +
                             " (secrets never go in the configuration file)");
  }
  return Poco::trim(it->second);
}

std::string Settings::secretOr(const std::string& variable, const std::string& fallback) const {
  auto it = env_.find(variable);
  return it == env_.end() ? fallback : it->second;
}

std::string Settings::outDir() const { return pathOr("out.dir", "out"); }

std::string Settings::statePath() const {
  if (has("state.path")) {
    std::string value = stringOr("state.path", "");
    return value == ":memory:" ? value : resolvePath(value);
  }
  return Poco::Path(Poco::Path(outDir()).makeDirectory(), "racesync.db").toString();
}

std::string Settings::templatesDir() const {
  if (!has("templates.dir") && bundledTemplates_.empty()) {
    throw error("templates.dir",
                "not set, and no templates came with racesync: set it to a folder holding "
                "report/ and the mail templates");
  }
  return pathOr("templates.dir", bundledTemplates_);
}

}  // namespace racesync
