// The one declared table of every configuration key racesync understands: its kind, its default
// and its help. The readers (settings.h), the check (config_check.h) and README.md's table all
// follow it, so a key, a default or a bound is written down once.
#pragma once

#include <string>
#include <vector>

namespace racesync {

enum class ConfigKind {
  kText,     // any text, trimmed
  kInteger,  // a whole number from min to max
  kNumber,   // a decimal number from min to max ("0.5", "66.675"): lengths in millimetres, sizes
  kFlag,     // true/false, yes/no, on/off, 1/0
  kList,     // comma-separated, each item trimmed, empty items dropped
  kPath,     // a file or folder, relative to the configuration file's folder
  kUrl,      // an http(s) address with a host
  kChoice,   // one of `choices`, in any case
  kMode,     // who may read the outputs: private, group or an octal file mode (file_modes.h)
};

struct ConfigKey {
  // "qr.threads", or a pattern whose last segment the user names: "raceranger.races.<race name>".
  std::string name;
  ConfigKind kind = ConfigKind::kText;
  // What a reader returns when the key is unset or blank, as the user would write it ("" none).
  std::string defaultValue;
  // The one line README.md's table shows as the key's meaning.
  std::string help;
  long long min = 0;  // kInteger and kNumber only
  long long max = 0;
  std::vector<std::string> choices;  // kChoice only
  // README.md's default cell when it says more than `defaultValue` ("`0` (no limit)").
  std::string shownDefault;
  // The default depends on something else (another key, the install): readers must be given it.
  bool computedDefault = false;

  bool isPattern() const { return name.find('<') != std::string::npos; }
  // The part of a pattern before its placeholder, dot included ("raceranger.races.").
  std::string patternPrefix() const { return name.substr(0, name.find('<')); }
  // Whether `key` (as written in a file, in any case) is this key or matches this pattern.
  bool matches(const std::string& key) const;
};

// Every key, in README.md's order.
const std::vector<ConfigKey>& configKeys();

// The declaration of `key` (a name or a value of a pattern), or nullptr when there is none.
const ConfigKey* findConfigKey(const std::string& key);

// The problem with `value` as the value of `key`, in the words of an error after "<key>: "
// ("'lots' is not a whole number from 1 to 500"), or "" when the value is fine. A blank value is
// fine (it means the default) except for a URL.
std::string configValueProblem(const ConfigKey& key, const std::string& value);

// Whether `text` reads as true (or false), the words kFlag accepts; throws nothing.
bool parseConfigFlag(const std::string& text, bool& value);

// The default as README.md's table shows it: `shownDefault`, or `defaultValue` in backticks.
std::string documentedDefault(const ConfigKey& key);

}  // namespace racesync
