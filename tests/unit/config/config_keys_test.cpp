#include "core/config/config_keys.h"

#include <boost/test/unit_test.hpp>

#include <set>

using racesync::ConfigKey;
using racesync::configKeys;
using racesync::ConfigKind;
using racesync::configValueProblem;
using racesync::findConfigKey;

BOOST_AUTO_TEST_SUITE(config_keys_test)

BOOST_AUTO_TEST_CASE(every_key_has_help_and_a_unique_lower_case_name) {
  std::set<std::string> names;
  for (const ConfigKey& key : configKeys()) {
    BOOST_TEST(!key.help.empty(), key.name << " has no help");
    BOOST_TEST(names.insert(key.name).second, key.name << " is declared twice");
    std::string fixed = key.isPattern() ? key.patternPrefix() : key.name;
    for (char c : fixed) BOOST_TEST((c < 'A' || c > 'Z'), key.name << " is not lower-case");
    if (key.isPattern()) BOOST_TEST(key.name.back() == '>', key.name << ": placeholder last");
  }
}

BOOST_AUTO_TEST_CASE(every_default_reads_as_its_kind) {
  for (const ConfigKey& key : configKeys()) {
    if (key.computedDefault) {
      BOOST_TEST(key.defaultValue.empty(), key.name << ": a computed default has no value");
      BOOST_TEST(!key.shownDefault.empty(), key.name << ": a computed default is described");
      continue;
    }
    if (key.kind == ConfigKind::kUrl && key.defaultValue.empty()) continue;  // no default host
    BOOST_TEST(configValueProblem(key, key.defaultValue) == "", key.name);
    if (key.kind == ConfigKind::kInteger || key.kind == ConfigKind::kFlag ||
        key.kind == ConfigKind::kChoice) {
      BOOST_TEST(!key.defaultValue.empty(), key.name << " needs a default");
    }
  }
}

BOOST_AUTO_TEST_CASE(a_shown_default_starts_with_the_default_itself) {
  for (const ConfigKey& key : configKeys()) {
    if (key.computedDefault || key.shownDefault.empty() || key.defaultValue.empty()) continue;
    BOOST_TEST(key.shownDefault.rfind("`" + key.defaultValue + "`", 0) == 0u, key.name);
  }
}

BOOST_AUTO_TEST_CASE(bounds_and_choices_belong_to_their_kinds) {
  for (const ConfigKey& key : configKeys()) {
    if (key.kind == ConfigKind::kInteger || key.kind == ConfigKind::kNumber) {
      BOOST_TEST(key.min < key.max, key.name);
    } else {
      BOOST_TEST((key.min == 0 && key.max == 0), key.name << " has bounds but is no integer");
    }
    BOOST_TEST(key.choices.empty() == (key.kind != ConfigKind::kChoice), key.name);
  }
}

BOOST_AUTO_TEST_CASE(finds_names_and_pattern_values_in_any_case) {
  BOOST_TEST(findConfigKey("qr.threads")->name == "qr.threads");
  BOOST_TEST(findConfigKey("QR.Threads")->name == "qr.threads");
  BOOST_TEST(findConfigKey("raceranger.races.Half Marathon")->name ==
             "raceranger.races.<race name>");
  BOOST_TEST(findConfigKey("raceresult.fields")->name == "raceresult.fields");
  BOOST_TEST(findConfigKey("raceresult.fields.team")->name == "raceresult.fields.<field>");
  BOOST_TEST(findConfigKey("raceranger.races") == nullptr);
  BOOST_TEST(findConfigKey("raceranger.races.") == nullptr);
  BOOST_TEST(findConfigKey("qr.thread") == nullptr);
}

BOOST_AUTO_TEST_CASE(says_what_is_wrong_with_a_value) {
  const ConfigKey& threads = *findConfigKey("qr.threads");
  BOOST_TEST(configValueProblem(threads, "0") == "'0' is not a whole number from 1 to 64");
  BOOST_TEST(configValueProblem(threads, "2.5") == "'2.5' is not a whole number from 1 to 64");
  BOOST_TEST(configValueProblem(threads, "") == "");
  BOOST_TEST(configValueProblem(*findConfigKey("mail.enabled"), "Nope") ==
             "'nope' is not true or false");
  BOOST_TEST(configValueProblem(*findConfigKey("mail.smtp.tls"), "STARTTLS") == "");
  BOOST_TEST(configValueProblem(*findConfigKey("mail.smtp.tls"), "ssl") ==
             "'ssl' is not allowed: write starttls, implicit or none");
  BOOST_TEST(configValueProblem(*findConfigKey("racemap.base_url"), "") ==
             "'' is not an http(s) URL: write it like https://host[:port]");
  BOOST_TEST(configValueProblem(*findConfigKey("event.name"), "anything at all") == "");
}

BOOST_AUTO_TEST_SUITE_END()
