#include "core/mail/mail_template.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <mstch/mstch.hpp>

#include <array>
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

// The fields by Mustache name, in the order of their bits in a Form's mask.
constexpr std::array<const char*, 16> kFieldNames = {
    "event_name", "first_name",    "last_name",      "full_name", "bib",        "race",
    "key",        "link",          "qr_src",         "qr_file",   "event_date", "start_time",
    "contact",    "app_store_url", "play_store_url", "language"};

std::array<const std::string*, kFieldNames.size()> fieldValues(const MailFields& f) {
  return {&f.eventName, &f.firstName,   &f.lastName,     &f.fullName, &f.bib,       &f.race,
          &f.key,       &f.link,        &f.qrSrc,        &f.qrFile,   &f.eventDate, &f.startTime,
          &f.contact,   &f.appStoreUrl, &f.playStoreUrl, &f.language};
}

mstch::map contextFor(const MailFields& f) {
  auto values = fieldValues(f);
  mstch::map context;
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) context.emplace(kFieldNames[i], *values[i]);
  return context;
}

// While compiling, field i renders as kValueOpen, 'a' + i, kValueClose, and the escape function
// wraps what it escapes in kEscapeOpen ... kEscapeClose: the rendered text then tells where each
// value goes and whether {{ }} or {{{ }}} put it there. A template holding these bytes is
// rendered by mstch for every message instead.
constexpr char kValueOpen = '\x01';
constexpr char kValueClose = '\x02';
constexpr char kEscapeOpen = '\x03';
constexpr char kEscapeClose = '\x04';

bool holdsMarkers(const std::string& text) {
  return text.find_first_of(std::string{kValueOpen, kValueClose, kEscapeOpen, kEscapeClose}) !=
         std::string::npos;
}

std::string markerOf(std::size_t field) {
  return std::string{kValueOpen, static_cast<char>('a' + field), kValueClose};
}

// The field a marker names, -1 when `text` is no marker.
int fieldOfMarker(const std::string& text) {
  if (text.size() != 3 || text[0] != kValueOpen || text[2] != kValueClose) return -1;
  int field = text[1] - 'a';
  return field >= 0 && field < static_cast<int>(kFieldNames.size()) ? field : -1;
}

// mstch escapes through one process-wide function. The plain parts must not be HTML-escaped, and
// compiling marks what is escaped, so the function is swapped for the duration of one render and
// restored even when rendering throws.
class ScopedEscape {
 public:
  explicit ScopedEscape(std::function<std::string(const std::string&)> escape)
      : saved_(mstch::config::escape) {
    mstch::config::escape = std::move(escape);
  }
  ~ScopedEscape() { mstch::config::escape = saved_; }
  ScopedEscape(const ScopedEscape&) = delete;
  ScopedEscape& operator=(const ScopedEscape&) = delete;

 private:
  std::function<std::string(const std::string&)> saved_;
};

std::string plainEscape(const std::string& text) { return text; }

using Escape = std::function<std::string(const std::string&)>;

// What mstch's own HTML escaping (used while mstch::config::escape is empty) makes of each byte:
// it replaces characters one by one, so a table of single characters, asked of mstch once, is
// its escaping.
const std::array<std::string, 256>& mstchEscapes() {
  static const std::array<std::string, 256> table = [] {
    ScopedEscape own{Escape()};
    std::array<std::string, 256> escapes;
    for (int c = 0; c < 256; ++c) {
      escapes[c] = mstch::render("{{c}}", mstch::map{{"c", std::string(1, static_cast<char>(c))}});
    }
    return escapes;
  }();
  return table;
}

// `text` HTML-escaped as mstch escapes it with `escape` as mstch::config::escape.
std::string escapeHtml(const std::string& text, const Escape& escape) {
  if (escape) return escape(text);
  const auto& table = mstchEscapes();
  std::string escaped;
  escaped.reserve(text.size() + 16);
  for (char c : text) escaped += table[static_cast<unsigned char>(c)];
  return escaped;
}

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
    : subject_(std::move(subject)),
      text_(std::move(text)),
      html_(std::move(html)),
      compilable_(!holdsMarkers(subject_) && !holdsMarkers(text_) && !holdsMarkers(html_)) {}

MailTemplate::Compiled MailTemplate::compile(const std::string& rendered, bool html,
                                             const Escape& escape) {
  Compiled pieces;
  Piece piece;
  for (std::size_t i = 0; i < rendered.size();) {
    bool escaped = rendered[i] == kEscapeOpen;
    std::size_t end = escaped                     ? rendered.find(kEscapeClose, i)
                      : rendered[i] == kValueOpen ? rendered.find(kValueClose, i)
                                                  : std::string::npos;
    if (end == std::string::npos) {
      piece.literal += rendered[i++];
      continue;
    }
    std::string inner =
        escaped ? rendered.substr(i + 1, end - i - 1) : rendered.substr(i, end - i + 1);
    int field = fieldOfMarker(inner);
    i = end + 1;
    if (field < 0) {  // escaped text that is no value: constant, so escaped once here
      piece.literal += html ? escapeHtml(inner, escape) : inner;
      continue;
    }
    piece.field = field;
    piece.escaped = escaped;
    pieces.push_back(std::move(piece));
    piece = Piece{};
  }
  if (!piece.literal.empty()) pieces.push_back(std::move(piece));
  return pieces;
}

std::string MailTemplate::assemble(const Compiled& pieces, const MailFields& fields, bool html) {
  auto values = fieldValues(fields);
  std::size_t size = 0;
  for (const auto& piece : pieces) {
    size += piece.literal.size() + (piece.field >= 0 ? values[piece.field]->size() + 16 : 0);
  }
  std::string text;
  text.reserve(size);
  for (const auto& piece : pieces) {
    text += piece.literal;
    if (piece.field < 0) continue;
    const std::string& value = *values[piece.field];
    if (html && piece.escaped) {
      text += escapeHtml(value, mstch::config::escape);
    } else {
      text += value;
    }
  }
  return text;
}

const MailTemplate::Form& MailTemplate::formFor(const MailFields& fields) const {
  auto values = fieldValues(fields);
  std::uint32_t mask = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]->empty()) mask |= 1u << i;
  }
  auto found = forms_.find(mask);
  if (found != forms_.end()) return found->second;
  // A section shows when its value is not empty, so one rendering with markers stands for every
  // message whose fields are empty where these are.
  mstch::map context;
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    context.emplace(kFieldNames[i], (mask & (1u << i)) != 0 ? markerOf(i) : std::string());
  }
  const Escape html = mstch::config::escape;  // what renders {{name}} in the HTML part
  std::string renderedHtml, renderedSubject, renderedText;
  {
    ScopedEscape marking([](const std::string& text) { return kEscapeOpen + text + kEscapeClose; });
    renderedHtml = mstch::render(html_, context);
    renderedSubject = mstch::render(subject_, context);
    renderedText = mstch::render(text_, context);
  }
  Form form;
  form.html = compile(renderedHtml, true, html);
  form.subject = compile(renderedSubject, false, html);
  form.text = compile(renderedText, false, html);
  return forms_.emplace(mask, std::move(form)).first->second;
}

RenderedMail MailTemplate::render(const MailFields& fields) const {
  RenderedMail mail;
  if (!compilable_) {
    mstch::map context = contextFor(fields);
    mail.html = mstch::render(html_, context);
    ScopedEscape plain(plainEscape);
    mail.subject = oneLine(mstch::render(subject_, context));
    mail.text = mstch::render(text_, context);
    return mail;
  }
  const Form& form = formFor(fields);
  mail.html = assemble(form.html, fields, true);
  mail.subject = oneLine(assemble(form.subject, fields, false));
  mail.text = assemble(form.text, fields, false);
  return mail;
}

std::string MailTemplate::subject(const MailFields& fields) const {
  if (!compilable_) {
    ScopedEscape plain(plainEscape);
    return oneLine(mstch::render(subject_, contextFor(fields)));
  }
  return oneLine(assemble(formFor(fields).subject, fields, false));
}

}  // namespace racesync
