#include "core/mail/mail_template.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <mstch/mstch.hpp>

#include <functional>

#include "core/base/atomic_file.h"
#include "core/base/errors.h"

namespace racesync {

namespace {

std::string readTemplateFile(const std::string& folder, const std::string& name,
                             const std::string& templateName) {
  std::string path = Poco::Path(Poco::Path(folder).makeDirectory(), name).toString();
  if (!Poco::File(path).exists()) {
    throw ConfigurationError(path + ": template file missing: mail.template '" + templateName +
                             "' needs subject.txt, body.txt and body.html");
  }
  std::string text;
  if (!readWholeFile(path, text)) {
    throw ConfigurationError(path + ": template file cannot be read: check its permissions");
  }
  return text;
}

mstch::map contextFor(const MailFields& f) {
  return mstch::map{
      {"event_name", f.eventName},
      {"first_name", f.firstName},
      {"last_name", f.lastName},
      {"full_name", f.fullName},
      {"bib", f.bib},
      {"race", f.race},
      {"key", f.key},
      {"link", f.link},
      {"qr_src", f.qrSrc},
      {"qr_file", f.qrFile},
      {"event_date", f.eventDate},
      {"start_time", f.startTime},
      {"contact", f.contact},
      {"app_store_url", f.appStoreUrl},
      {"play_store_url", f.playStoreUrl},
      {"language", f.language},
  };
}

// mstch escapes through one process-wide function. The plain parts must not be HTML-escaped, so
// the function is swapped for the duration of one render and restored even when rendering throws.
class PlainEscape {
 public:
  PlainEscape() : saved_(mstch::config::escape) {
    mstch::config::escape = [](const std::string& text) { return text; };
  }
  ~PlainEscape() { mstch::config::escape = saved_; }
  PlainEscape(const PlainEscape&) = delete;
  PlainEscape& operator=(const PlainEscape&) = delete;

 private:
  std::function<std::string(const std::string&)> saved_;
};

// A subject is one header line: line breaks (from the template or a value) become spaces, so a
// name can never start a header of its own.
std::string oneLine(const std::string& text) {
  std::string line;
  bool space = false;
  for (char c : text) {
    if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
      space = !line.empty();
      continue;
    }
    if (space) line += ' ';
    space = false;
    line += c;
  }
  return line;
}

}  // namespace

MailTemplate MailTemplate::load(const std::string& templatesDir, const std::string& name) {
  if (name.empty() || name.find_first_of("/\\") != std::string::npos || name[0] == '.') {
    throw ConfigurationError("mail.template: '" + name +
                             "' is not a template name: name a folder under " + templatesDir);
  }
  return loadFolder(Poco::Path(Poco::Path(templatesDir).makeDirectory(), name).toString());
}

MailTemplate MailTemplate::loadFolder(const std::string& folder) {
  if (!Poco::File(folder).exists() || !Poco::File(folder).isDirectory()) {
    throw ConfigurationError("mail.template: no template folder " + folder +
                             ": use key-link, key-link-de or a folder of your own");
  }
  std::string name = Poco::Path(Poco::Path(folder).makeFile()).getFileName();
  return MailTemplate(readTemplateFile(folder, "subject.txt", name),
                      readTemplateFile(folder, "body.txt", name),
                      readTemplateFile(folder, "body.html", name));
}

MailTemplate::MailTemplate(std::string subject, std::string text, std::string html)
    : subject_(std::move(subject)), text_(std::move(text)), html_(std::move(html)) {}

RenderedMail MailTemplate::render(const MailFields& fields) const {
  mstch::map context = contextFor(fields);
  RenderedMail mail;
  mail.html = mstch::render(html_, context);
  PlainEscape plain;
  mail.subject = oneLine(mstch::render(subject_, context));
  mail.text = mstch::render(text_, context);
  return mail;
}

std::string MailTemplate::subject(const MailFields& fields) const {
  PlainEscape plain;
  return oneLine(mstch::render(subject_, contextFor(fields)));
}

}  // namespace racesync
