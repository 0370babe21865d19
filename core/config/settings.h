// A run's configuration: the .ini/.properties file plus the environment, which alone holds secrets.
// Every accessor names the key in its error, so a user knows what to fix (exit 78).
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <map>
#include <string>
#include <vector>

#include "core/base/errors.h"

namespace racesync {

using Environment = std::map<std::string, std::string>;

class Settings {
 public:
  // `configPath` is where the file lives: relative paths in it resolve against its folder.
  // `bundledTemplates` is the templates folder that came with the program, used when
  // templates.dir is not set ("" when there is none); the caller knows where it is installed.
  Settings(Poco::AutoPtr<Poco::Util::AbstractConfiguration> config, Environment env,
           std::string configPath, std::string bundledTemplates = "");

  // Reads `path` (.properties as Java properties, anything else as .ini). Throws
  // ConfigurationError naming the file when it is missing or cannot be parsed.
  static Settings load(const std::string& path, Environment env, std::string bundledTemplates = "");
  // Builds settings from "key = value" lines, for tests. Relative paths resolve against `baseDir`.
  static Settings fromString(const std::string& ini, Environment env = {},
                             const std::string& baseDir = ".", std::string bundledTemplates = "");

  bool has(const std::string& key) const;
  // A required value; throws ConfigurationError "CONFIG: missing key 'k': <hint>".
  std::string string(const std::string& key, const std::string& hint = "") const;
  std::string stringOr(const std::string& key, const std::string& fallback) const;
  // An integer within [min, max]; throws ConfigurationError when it is not one.
  long long integerOr(const std::string& key, long long fallback, long long min,
                      long long max) const;
  double numberOr(const std::string& key, double fallback, double min, double max) const;
  // true/false, yes/no, on/off, 1/0.
  bool booleanOr(const std::string& key, bool fallback) const;
  // A comma-separated list, each item trimmed, empty items dropped.
  std::vector<std::string> list(const std::string& key) const;
  // A file or folder path, made absolute against the configuration file's folder.
  std::string pathOr(const std::string& key, const std::string& fallback) const;
  std::string resolvePath(const std::string& path) const;
  // The names below `prefix` ("raceranger.races" gives the race names), as written in the file.
  std::vector<std::string> keysUnder(const std::string& prefix) const;
  // Every key in the file, fully qualified.
  std::vector<std::string> allKeys() const;

  // A secret from the environment; throws ConfigurationError naming the variable when unset.
  std::string secret(const std::string& variable, const std::string& purpose) const;
  std::string secretOr(const std::string& variable, const std::string& fallback) const;

  // Where outputs go (out.dir, default "out" beside the configuration file).
  std::string outDir() const;
  // The SQLite state file (state.path, default <out.dir>/racesync.db).
  std::string statePath() const;
  // The templates folder: templates.dir, or else the bundled one given at construction. Throws
  // ConfigurationError when neither is there.
  std::string templatesDir() const;

  // "<config file>: <key>: <problem>", the form of every configuration error (exit 78).
  ConfigurationError error(const std::string& key, const std::string& problem) const;

  const std::string& configPath() const { return configPath_; }
  const std::string& baseDir() const { return baseDir_; }
  const Poco::Util::AbstractConfiguration& raw() const { return *config_; }
  const Environment& environment() const { return env_; }

 private:
  Poco::AutoPtr<Poco::Util::AbstractConfiguration> config_;
  Environment env_;
  std::string configPath_;
  std::string baseDir_;
  std::string bundledTemplates_;
};

}  // namespace racesync
