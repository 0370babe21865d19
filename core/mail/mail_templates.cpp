#include "core/mail/mail_templates.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include "core/config/settings.h"

namespace racesync {
namespace {

bool isLowerAscii(char c) { return c >= 'a' && c <= 'z'; }

bool isLanguageSuffix(const std::string& name, std::size_t dash) {
  return dash != std::string::npos && dash + 3 == name.size() && isLowerAscii(name[dash + 1]) &&
         isLowerAscii(name[dash + 2]);
}

// `name` without a "-xx" language suffix.
std::string baseOf(const std::string& name) {
  std::size_t dash = name.rfind('-');
  return isLanguageSuffix(name, dash) ? name.substr(0, dash) : name;
}

bool isPath(const std::string& name) { return name.find('/') != std::string::npos; }

// The folder `name` stands for: a path of the user's own, or a folder under templates/.
std::string folderOf(const Settings& settings, const std::string& name) {
  return isPath(name)
             ? settings.resolvePath(name)
             : Poco::Path(Poco::Path(settings.templatesDir()).makeDirectory(), name).toString();
}

bool isFolder(const std::string& path) {
  Poco::File file(path);
  return file.exists() && file.isDirectory();
}

}  // namespace

std::string templateLanguage(const std::string& name) {
  std::string last = Poco::Path(Poco::Path(name).makeFile()).getFileName();
  std::size_t dash = last.rfind('-');
  if (isLanguageSuffix(last, dash)) return last.substr(dash + 1);
  return last == "key-link" ? "en" : "";
}

MailTemplates::MailTemplates(MailTemplate fallback, std::string language)
    : fallback_(std::move(fallback)), fallbackLanguage_(std::move(language)) {}

MailTemplates MailTemplates::load(const Settings& settings, const std::string& name,
                                  const std::set<std::string>& languages) {
  MailTemplates templates(isPath(name) ? MailTemplate::loadFolder(settings.resolvePath(name))
                                       : MailTemplate::load(settings.templatesDir(), name),
                          templateLanguage(name));
  const std::string base = baseOf(name);
  for (const std::string& language : languages) {
    if (language.empty() || language == templates.fallbackLanguage_) continue;
    std::string folder = folderOf(settings, base + "-" + language);
    if (!isFolder(folder) && language == "en") folder = folderOf(settings, base);
    if (isFolder(folder)) templates.add(language, MailTemplate::loadFolder(folder));
  }
  return templates;
}

void MailTemplates::add(const std::string& language, MailTemplate mailTemplate) {
  byLanguage_.insert_or_assign(language, std::move(mailTemplate));
}

std::string MailTemplates::languageOf(const std::string& language) const {
  return byLanguage_.count(language) > 0 ? language : fallbackLanguage_;
}

const MailTemplate& MailTemplates::forLanguage(const std::string& language) const {
  auto found = byLanguage_.find(language);
  return found != byLanguage_.end() ? found->second : fallback_;
}

}  // namespace racesync
