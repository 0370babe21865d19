// A mail template: a folder under templates/ with subject.txt, body.txt and body.html, rendered as
// Mustache (mstch). Values are HTML-escaped in body.html only; the subject becomes one line. URLs
// in body.html belong in triple braces ({{{link}}}): they are percent-encoded and must reach the
// reader without HTML entities.
#pragma once

#include <string>

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
  RenderedMail render(const MailFields& fields) const;
  // Renders the subject alone, as render() does.
  std::string subject(const MailFields& fields) const;

 private:
  std::string subject_;
  std::string text_;
  std::string html_;
};

}  // namespace racesync
