// The mail step's settings: the mail.* keys as MailConfig, and the route a run's messages take.
#pragma once

#include <string>

#include "core/mail/mail_message.h"
#include "core/mail/mailer.h"

namespace racesync {

class Settings;

struct MailConfig {
  bool enabled = true;       // mail.enabled
  std::string outbox;        // mail.outbox, an absolute folder; "" when unset
  std::string templateName;  // mail.template: a name under templates/ (default key-link) or a path
  Mailbox from;              // mail.from
  Mailbox replyTo;           // mail.reply_to, optional
  std::string eventName;     // event.name
  std::string eventDate;     // event.date, YYYY-MM-DD, or ""
  std::string startTime;     // event.start_time, HH:MM, or ""
  std::string contact;       // mail.contact, or ""
  std::string appStoreUrl;   // mail.app_store_url
  std::string playStoreUrl;  // mail.play_store_url
  int perMinute = 0;         // mail.per_minute: at most this many messages a minute; 0 no limit
  int maxAttempts = 3;       // mail.max_attempts: refused sends to one address before giving up
};

// Reads the mail.* keys and event.name, event.date, event.start_time. Throws ConfigurationError
// naming the key for a missing or bad mail.from, mail.reply_to, number, date or time.
MailConfig readMailConfig(const Settings& settings);

// The route of a run: kDryRun for a dry run, else kSmtp with mail.enabled, else kOutbox with
// mail.outbox set, else kOff. The outbox folder is mail.outbox, by default <out.dir>/outbox.
// Reads only mail.enabled, mail.outbox and out.dir, so it never throws for other mail keys.
MailRoute mailRouteFor(const Settings& settings, bool dryRun);

}  // namespace racesync
