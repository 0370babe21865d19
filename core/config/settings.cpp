#include "core/config/settings.h"

#include <Poco/DigestEngine.h>
#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <functional>
#include <sstream>
#include <stdexcept>

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

const std::initializer_list<ConfigKind> kTextKinds = {
    ConfigKind::kText, ConfigKind::kUrl, ConfigKind::kChoice, ConfigKind::kPath, ConfigKind::kMode};

const std::initializer_list<ConfigKind> kAnyKind = {
    ConfigKind::kText, ConfigKind::kInteger, ConfigKind::kNumber,
    ConfigKind::kFlag, ConfigKind::kList,    ConfigKind::kPath,
    ConfigKind::kUrl,  ConfigKind::kChoice,  ConfigKind::kMode};

const char* kindName(ConfigKind kind) {
  switch (kind) {
    case ConfigKind::kText:
      return "text";
    case ConfigKind::kInteger:
      return "an integer";
    case ConfigKind::kNumber:
      return "a number";
    case ConfigKind::kFlag:
      return "a flag";
    case ConfigKind::kList:
      return "a list";
    case ConfigKind::kPath:
      return "a path";
    case ConfigKind::kUrl:
      return "a URL";
    case ConfigKind::kChoice:
      return "a choice";
    case ConfigKind::kMode:
      return "a mode";
  }
  return "?";
}

// A key whose default is computed must be read where that computation lives.
void requireTableDefault(const ConfigKey& declaration, const std::string& key) {
  if (declaration.computedDefault) {
    throw std::logic_error("settings: '" + key + "' has a computed default (" +
                           declaration.shownDefault + "): read it with the default worked out");
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

const ConfigKey& Settings::declared(const std::string& key, std::initializer_list<ConfigKind> kinds,
                                    const char* reader) const {
  const ConfigKey* declaration = findConfigKey(key);
  if (declaration == nullptr) {
    throw std::logic_error("settings: '" + key +
                           "' is not declared: add it to the table in core/config/config_keys.cpp");
  }
  if (std::find(kinds.begin(), kinds.end(), declaration->kind) == kinds.end()) {
    throw std::logic_error("settings: '" + key + "' is declared as " + kindName(declaration->kind) +
                           ": read it with the reader of that kind, not " + reader + "()");
  }
  return *declaration;
}

std::string Settings::written(const std::string& key) const {
  return config_->hasProperty(key) ? Poco::trim(config_->getString(key)) : std::string();
}

bool Settings::isSet(const std::string& key) const {
  declared(key, kAnyKind, "isSet");
  return !written(key).empty();
}

std::string Settings::text(const std::string& key) const {
  const ConfigKey& declaration = declared(key, kTextKinds, "text");
  requireTableDefault(declaration, key);
  std::string value = written(key);
  return value.empty() ? declaration.defaultValue : value;
}

std::string Settings::required(const std::string& key, const std::string& hint) const {
  declared(key, kTextKinds, "required");
  std::string value = written(key);
  if (value.empty()) {
    throw error(key, "missing key" + (hint.empty() ? std::string() : ": " + hint));
  }
  return value;
}

long long Settings::integerOr(const ConfigKey& declaration, const std::string& key,
                              long long fallback) const {
  std::string value = written(key);
  if (value.empty()) return fallback;
  std::string problem = configValueProblem(declaration, value);
  if (!problem.empty()) throw error(key, problem);
  return Poco::NumberParser::parse64(value);
}

long long Settings::integer(const std::string& key) const {
  const ConfigKey& declaration = declared(key, {ConfigKind::kInteger}, "integer");
  requireTableDefault(declaration, key);
  return integerOr(declaration, key, Poco::NumberParser::parse64(declaration.defaultValue));
}

long long Settings::integer(const std::string& key, long long computedDefault) const {
  const ConfigKey& declaration = declared(key, {ConfigKind::kInteger}, "integer");
  if (!declaration.computedDefault) {
    throw std::logic_error("settings: '" + key +
                           "' has its default in the table: read it without one");
  }
  return integerOr(declaration, key, computedDefault);
}

double Settings::number(const std::string& key) const {
  const ConfigKey& declaration = declared(key, {ConfigKind::kNumber}, "number");
  requireTableDefault(declaration, key);
  return number(key, declaration.defaultValue.empty()
                         ? 0.0
                         : Poco::NumberParser::parseFloat(declaration.defaultValue));
}

double Settings::number(const std::string& key, double computedDefault) const {
  const ConfigKey& declaration = declared(key, {ConfigKind::kNumber}, "number");
  std::string value = written(key);
  if (value.empty()) return computedDefault;
  std::string problem = configValueProblem(declaration, value);
  if (!problem.empty()) throw error(key, problem);
  return Poco::NumberParser::parseFloat(value, '.', ',');
}

bool Settings::flag(const std::string& key) const {
  const ConfigKey& declaration = declared(key, {ConfigKind::kFlag}, "flag");
  std::string value = written(key);
  if (value.empty()) value = declaration.defaultValue;
  bool result = false;
  if (!parseConfigFlag(value, result)) throw error(key, configValueProblem(declaration, value));
  return result;
}

std::vector<std::string> Settings::list(const std::string& key) const {
  declared(key, {ConfigKind::kList}, "list");
  std::vector<std::string> items;
  if (!config_->hasProperty(key)) return items;
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

std::string Settings::path(const std::string& key) const {
  const ConfigKey& declaration = declared(key, {ConfigKind::kPath}, "path");
  requireTableDefault(declaration, key);
  std::string value = written(key);
  if (value.empty()) value = declaration.defaultValue;
  return value.empty() ? value : resolvePath(value);
}

std::vector<std::string> Settings::keysUnder(const std::string& prefix) const {
  const auto& keys = configKeys();
  if (std::none_of(keys.begin(), keys.end(), [&](const ConfigKey& entry) {
        return entry.isPattern() && Poco::icompare(entry.patternPrefix(), prefix + ".") == 0;
      })) {
    throw std::logic_error("settings: no pattern '" + prefix +
                           ".<name>' is declared: add it to the table in "
                           "core/config/config_keys.cpp");
  }
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

std::string Settings::fingerprint() const {
  std::vector<std::string> keys = allKeys();
  std::sort(keys.begin(), keys.end());
  Poco::SHA1Engine sha1;
  for (const auto& key : keys) {
    sha1.update(key + '=' + written(key));
    sha1.update('\n');
  }
  return Poco::DigestEngine::digestToHex(sha1.digest());
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

std::string Settings::outDir() const { return path("out.dir"); }

std::string Settings::statePath() const {
  declared("state.path", {ConfigKind::kPath}, "statePath");
  std::string value = written("state.path");
  if (value.empty())
    return Poco::Path(Poco::Path(outDir()).makeDirectory(), "racesync.db").toString();
  return value == ":memory:" ? value : resolvePath(value);
}

FileModes Settings::fileModes() const {
  declared("out.mode", {ConfigKind::kMode}, "fileModes");
  FileModes modes;
  const std::string value = written("out.mode");
  if (!FileModes::parse(value, modes)) {
    throw error("out.mode", configValueProblem(*findConfigKey("out.mode"), value));
  }
  return modes;
}

std::string Settings::templatesDir() const {
  declared("templates.dir", {ConfigKind::kPath}, "templatesDir");
  std::string value = written("templates.dir");
  if (value.empty() && bundledTemplates_.empty()) {
    throw error("templates.dir",
                "not set, and no templates came with racesync: set it to a folder holding "
                "report/ and the mail templates");
  }
  return value.empty() ? bundledTemplates_ : resolvePath(value);
}

}  // namespace racesync
