// The mail templates of one run, one per language: mail.template for everyone, and beside it
// `<name>-<lang>` (key-link-de, key-link-fr, ...) for the registrants whose export gives that
// language. A folder without a language suffix is English (the bundled key-link is).
#pragma once

#include <map>
#include <set>
#include <string>

#include "core/mail/mail_template.h"

namespace racesync {

class Settings;

class MailTemplates {
 public:
  // Only mail.template, in `language` ("" when unknown). Implicit: a single template is a set.
  MailTemplates(MailTemplate fallback, std::string language = "");  // NOLINT

  // Loads mail.template (`name`: a folder under templates/ or a path) and, for each of
  // `languages`, the folder of that language when there is one: `<base>-<lang>` where <base> is
  // `name` without a language suffix, or <base> itself for "en". Throws ConfigurationError when
  // mail.template is missing or incomplete, or a language folder is incomplete.
  static MailTemplates load(const Settings& settings, const std::string& name,
                            const std::set<std::string>& languages);

  // Adds the template of `language`.
  void add(const std::string& language, MailTemplate mailTemplate);

  // The language a registrant who asked for `language` gets their mail in: `language` when it has
  // a template, else mail.template's ("" when that is unknown).
  std::string languageOf(const std::string& language) const;
  // The template of languageOf(language).
  const MailTemplate& forLanguage(const std::string& language) const;

 private:
  MailTemplate fallback_;
  std::string fallbackLanguage_;
  std::map<std::string, MailTemplate> byLanguage_;
};

// The language a template folder's name ends in ("key-link-de" -> "de"), "en" for the bundled
// "key-link", "" otherwise.
std::string templateLanguage(const std::string& name);

}  // namespace racesync
