// A mail template: a folder under templates/ with subject.txt, body.txt and body.html, rendered as
// Mustache (mstch). Values are HTML-escaped in body.html only; the subject becomes one line. URLs
// in body.html belong in triple braces ({{{link}}}): they are percent-encoded and must reach the
// reader without HTML entities.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace racesync {

// What a template may use, by Mustache name (templates/README.md lists them for authors).
struct MailFields {
  std::string eventName;     // {{event_name}}
  std::string firstName;     // {{first_name}}
  std::string lastName;      // {{last_name}}
  std::string fullName;      // {{full_name}}: the display name
  std::string bib;           // {{bib}}: "" when none, so {{#bib}}...{{/bib}} shows only with one
  std::string race;          // {{race}}
  std::string key;           // {{key}}
  std::string link;          // {{link}}: the redeem link, also encoded in the QR code
  std::string qrSrc;         // {{qr_src}}: "cid:..." for <img src>, the inline QR image
  std::string qrFile;        // {{qr_file}}: the attached PNG's file name
  std::string eventDate;     // {{event_date}}: event.date written for the mail's language, or ""
  std::string startTime;     // {{start_time}}: event.start_time, or ""
  std::string contact;       // {{contact}}: mail.contact, or ""
  std::string appStoreUrl;   // {{app_store_url}}: mail.app_store_url
  std::string playStoreUrl;  // {{play_store_url}}: mail.play_store_url
  std::string language;      // {{language}}: the mail's language ("de"), or ""
};

struct RenderedMail {
  std::string subject;  // one line, trimmed, not encoded
  std::string text;     // plain text, lines ending in "\n"
  std::string html;
};

class MailTemplate {
 public:
  // Reads templates/<name>/{subject.txt,body.txt,body.html} under `templatesDir`. Throws
  // ConfigurationError naming the folder or file when one is missing or the name is not a plain
  // folder name.
  static MailTemplate load(const std::string& templatesDir, const std::string& name);
  // Reads subject.txt, body.txt and body.html from `folder` (a template of the user's own, kept
  // outside templates/). Throws ConfigurationError naming the folder or file that is missing.
  static MailTemplate loadFolder(const std::string& folder);
  MailTemplate(std::string subject, std::string text, std::string html);

  // Renders the three parts. Never throws for missing variables (Mustache renders them empty).
  // The first message of each pattern of empty and filled fields compiles the parts (mstch parses
  // them once, with markers for the values); every later message of that pattern only puts its
  // values between the compiled pieces. The output is mstch's, byte for byte.
  RenderedMail render(const MailFields& fields) const;
  // Renders the subject alone, as render() does.
  std::string subject(const MailFields& fields) const;

  // How many patterns of empty fields have been compiled so far (each parsed by mstch once).
  std::size_t compiledForms() const { return forms_.size(); }

 private:
  // One rendered part: literal text with the values of fields in between.
  struct Piece {
    std::string literal;   // text before the field
    int field = -1;        // index into the fields (mailFieldValues), -1 for none
    bool escaped = false;  // written by {{name}} (HTML-escaped in body.html), not {{{name}}}
  };
  using Compiled = std::vector<Piece>;
  struct Form {
    Compiled subject, text, html;
  };

  const Form& formFor(const MailFields& fields) const;
  // The pieces of a part mstch rendered with markers; in an HTML part, text mstch escaped that is
  // no marker is escaped now with `escape` (mstch::config::escape; empty for mstch's own).
  static Compiled compile(const std::string& rendered, bool html,
                          const std::function<std::string(const std::string&)>& escape);
  // The pieces with `fields` put in; escaped pieces go through mstch's escape function in HTML.
  static std::string assemble(const Compiled& pieces, const MailFields& fields, bool html);

  std::string subject_;
  std::string text_;
  std::string html_;
  bool compilable_;  // false when a part holds the marker bytes: mstch renders every message
  mutable std::map<std::uint32_t, Form> forms_;  // by the bit mask of the fields that are filled
};

}  // namespace racesync
