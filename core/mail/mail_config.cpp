#include "core/mail/mail_config.h"

#include <Poco/Path.h>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/mail/event_date.h"

namespace racesync {

namespace {

Mailbox readMailbox(const Settings& settings, const std::string& key) {
  Mailbox mailbox = parseMailbox(settings.required(key));
  if (!isPlausibleAddress(mailbox.address)) {
    throw ConfigurationError(key + ": '" + settings.required(key) +
                             "' has no valid address: write Name <address@domain>");
  }
  return mailbox;
}

}  // namespace

MailConfig readMailConfig(const Settings& settings) {
  MailConfig config;
  config.enabled = settings.flag("mail.enabled");
  config.outbox = settings.path("mail.outbox");
  config.templateName = settings.text("mail.template");
  config.eventName = settings.text("event.name");
  if (settings.text("mail.from").empty() && !config.enabled && config.outbox.empty()) {
    // Nothing is sent nor written: a dry run still renders its messages, from the event's name.
    config.from.name = config.eventName.empty() ? "racesync" : config.eventName;
    config.from.address = "racesync@localhost.localdomain";
  } else {
    settings.required("mail.from", "the sender, e.g. Stadtlauf <info@stadtlauf.de>");
    config.from = readMailbox(settings, "mail.from");
  }
  if (!settings.text("mail.reply_to").empty())
    config.replyTo = readMailbox(settings, "mail.reply_to");
  config.eventDate = settings.text("event.date");
  if (!config.eventDate.empty() && !isIsoDate(config.eventDate)) {
    throw settings.error(
        "event.date",
        "'" + config.eventDate + "' is not a date: write it as YYYY-MM-DD, e.g. 2026-06-14");
  }
  config.startTime = settings.text("event.start_time");
  if (!config.startTime.empty() && !isClockTime(config.startTime)) {
    throw settings.error("event.start_time",
                         "'" + config.startTime + "' is not a time: write it as HH:MM, e.g. 09:30");
  }
  config.contact = settings.text("mail.contact");
  config.appStoreUrl = settings.text("mail.app_store_url");
  config.playStoreUrl = settings.text("mail.play_store_url");
  config.perMinute = static_cast<int>(settings.integer("mail.per_minute"));
  config.maxAttempts = static_cast<int>(settings.integer("mail.max_attempts"));
  return config;
}

MailRoute mailRouteFor(const Settings& settings, bool dryRun) {
  MailRoute route;
  if (dryRun) {
    route.mode = MailRoute::Mode::kDryRun;
  } else if (settings.flag("mail.enabled")) {
    route.mode = MailRoute::Mode::kSmtp;
  } else if (settings.text("mail.outbox").empty()) {
    route.mode = MailRoute::Mode::kOff;
    return route;
  } else {
    route.mode = MailRoute::Mode::kOutbox;
  }
  std::string outbox = settings.path("mail.outbox");
  route.outboxDir =
      outbox.empty()
          ? Poco::Path(Poco::Path(settings.outDir()).makeDirectory(), "outbox").toString()
          : outbox;
  return route;
}

}  // namespace racesync
