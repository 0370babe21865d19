// A run's configuration: the .ini/.properties file plus the environment, which alone holds secrets.
// Every accessor names the key in its error, so a user knows what to fix (exit 78).
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "core/base/errors.h"
#include "core/base/file_modes.h"
#include "core/config/config_keys.h"

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

  // The readers. Each takes the key's default and bounds from the table in config_keys.h, so no
  // caller repeats them. A key the table does not declare, or declares as another kind, is a
  // programming error: std::logic_error. A bad value throws ConfigurationError
  // "<config file>: <key>: <problem>" (exit 78).

  // Whether the file gives the key a value that is not blank.
  bool isSet(const std::string& key) const;
  // Text (also a URL, a choice or a path as written), trimmed; the default when unset or blank.
  std::string text(const std::string& key) const;
  // Text that must be there; throws ConfigurationError "<file>: <key>: missing key: <hint>".
  std::string required(const std::string& key, const std::string& hint = "") const;
  // A whole number within the table's bounds.
  long long integer(const std::string& key) const;
  // The same, for a key whose default is computed by the caller (the table says so).
  long long integer(const std::string& key, long long computedDefault) const;
  // A decimal number within the table's bounds ("0.5").
  double number(const std::string& key) const;
  // The same, for a key whose default is computed by the caller (the table says so).
  double number(const std::string& key, double computedDefault) const;
  // true/false, yes/no, on/off, 1/0.
  bool flag(const std::string& key) const;
  // A comma-separated list, each item trimmed, empty items dropped.
  std::vector<std::string> list(const std::string& key) const;
  // A file or folder made absolute against the configuration file's folder; "" when the key is
  // unset and the table gives no default.
  std::string path(const std::string& key) const;
  // The names the user gave below a pattern's prefix ("raceranger.races" gives the race names,
  // for the declared "raceranger.races.<race name>"), as written in the file.
  std::vector<std::string> keysUnder(const std::string& prefix) const;

  // `path` made absolute against the configuration file's folder.
  std::string resolvePath(const std::string& path) const;
  // Every key in the file, fully qualified.
  std::vector<std::string> allKeys() const;
  // A hash of every key and value written (not of the secrets): equal for the same
  // configuration, so that a step can tell that it is asked the same as last time.
  std::string fingerprint() const;

  // A secret from the environment; throws ConfigurationError naming the variable when unset.
  std::string secret(const std::string& variable, const std::string& purpose) const;
  std::string secretOr(const std::string& variable, const std::string& fallback) const;

  // Where outputs go (out.dir, default "out" beside the configuration file).
  std::string outDir() const;
  // The SQLite state file (state.path, default <out.dir>/racesync.db).
  std::string statePath() const;
  // The modes of everything racesync writes (out.mode: private by default). Throws
  // ConfigurationError for a value FileModes::parse does not take.
  FileModes fileModes() const;
  // The templates folder: templates.dir, or else the bundled one given at construction. Throws
  // ConfigurationError when neither is there.
  std::string templatesDir() const;

  // "<config file>: <key>: <problem>", the form of every configuration error (exit 78).
  ConfigurationError error(const std::string& key, const std::string& problem) const;

  const std::string& configPath() const { return configPath_; }
  const std::string& baseDir() const { return baseDir_; }
  // The file as parsed, undeclared keys included: for the check, which must look at them too.
  const Poco::Util::AbstractConfiguration& raw() const { return *config_; }
  const Environment& environment() const { return env_; }

 private:
  // The declaration of `key`; throws std::logic_error unless it is declared as one of `kinds`.
  const ConfigKey& declared(const std::string& key, std::initializer_list<ConfigKind> kinds,
                            const char* reader) const;
  // The value as written, trimmed; "" when the key is unset.
  std::string written(const std::string& key) const;
  long long integerOr(const ConfigKey& declaration, const std::string& key,
                      long long fallback) const;

  Poco::AutoPtr<Poco::Util::AbstractConfiguration> config_;
  Environment env_;
  std::string configPath_;
  std::string baseDir_;
  std::string bundledTemplates_;
};

}  // namespace racesync
