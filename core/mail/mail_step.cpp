#include "core/mail/mail_step.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <algorithm>
#include <cmath>

#include "core/base/atomic_file.h"
#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/mail/mail_template.h"
#include "core/mail/outbox_mailer.h"
#include "core/mail/smtp_mailer.h"
#include "core/run/progress.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

namespace {

// An active registrant with a link, and what the store knows of its mail for that link.
struct Candidate {
  std::string id, email, firstName, lastName, name, bib, race, key, link, qrFile, qrLink;
  std::string state;  // "" when never tried
  std::string lastEmail;
  std::string lastError;
  int attempts = 0;
  int sends = 0;
};

std::vector<Candidate> loadCandidates(StateStore& store) {
  Poco::Data::Statement select(store.session());
  select << "SELECT r.id, r.email, r.first_name, r.last_name, r.name, r.bib, r.race, l.key, "
            "l.link, l.qr_file, l.qr_link, coalesce(m.state, '') AS state, "
            "coalesce(m.email, '') AS last_email, coalesce(m.last_error, '') AS last_error, "
            "coalesce(m.attempts, 0) AS attempts, coalesce(m.sends, 0) AS sends "
            "FROM registrants r JOIN links l ON l.registration_id = r.id "
            "LEFT JOIN mails m ON m.registration_id = r.id AND m.link = l.link "
            "WHERE r.status = 'active' AND r.email <> '' ORDER BY r.id";
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<Candidate> candidates;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    Candidate c;
    auto text = [&](const char* column) { return rows[column].convert<std::string>(); };
    c.id = text("id");
    c.email = text("email");
    c.firstName = text("first_name");
    c.lastName = text("last_name");
    c.name = text("name");
    c.bib = text("bib");
    c.race = text("race");
    c.key = text("key");
    c.link = text("link");
    c.qrFile = text("qr_file");
    c.qrLink = text("qr_link");
    c.state = text("state");
    c.lastEmail = text("last_email");
    c.lastError = text("last_error");
    c.attempts = rows["attempts"].convert<int>();
    c.sends = rows["sends"].convert<int>();
    candidates.push_back(std::move(c));
  }
  return candidates;
}

long long countOf(StateStore& store, const std::string& sql) {
  Poco::Int64 value = 0;
  store.session() << sql, into(value), now;
  return value;
}

// Writes the outcome of one attempt at once, in its own transaction: a run that dies after the
// next message still has this one recorded.
void record(StateStore& store, const Candidate& c, const std::string& state,
            const std::string& messageId, int attempts, const std::string& error,
            const std::string& at) {
  std::string id = c.id, link = c.link, mid = messageId, email = c.email, st = state, err = error;
  std::string sentAt = state == "sent" ? at : std::string(), updatedAt = at;
  int sent = state == "sent" ? 1 : 0;
  int tries = attempts;
  store.transact([&] {
    store.session()
        << "INSERT INTO mails (registration_id, link, message_id, email, state, attempts, sends, "
           "last_error, sent_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (registration_id, link) DO UPDATE SET message_id = excluded.message_id, "
           "email = excluded.email, state = excluded.state, attempts = excluded.attempts, "
           "sends = sends + excluded.sends, last_error = excluded.last_error, "
           "sent_at = CASE WHEN excluded.sends > 0 THEN excluded.sent_at ELSE sent_at END, "
           "updated_at = excluded.updated_at",
        use(id), use(link), use(mid), use(email), use(st), use(tries), use(sent), use(err),
        use(sentAt), use(updatedAt), now;
  });
}

std::string readBytes(const std::string& path) {
  std::string bytes;
  if (!readWholeFile(path, bytes)) {
    throw InputError(path + ": cannot read the QR code: run the links step again");
  }
  return bytes;
}

std::string domainOf(const std::string& address) {
  auto at = address.rfind('@');
  return at == std::string::npos ? std::string() : address.substr(at + 1);
}

// Keeps messages at least 60000 / perMinute ms apart on the run's clock.
class Pace {
 public:
  Pace(Clock& clock, int perMinute)
      : clock_(clock),
        intervalMs_(perMinute > 0 ? static_cast<std::int64_t>(std::ceil(60000.0 / perMinute)) : 0) {
  }
  void wait() {
    if (intervalMs_ == 0) return;
    if (last_ >= 0) {
      std::int64_t due = last_ + intervalMs_ - clock_.nowMs();
      if (due > 0) clock_.sleepMs(due);
    }
    last_ = clock_.nowMs();
  }

 private:
  Clock& clock_;
  std::int64_t intervalMs_;
  std::int64_t last_ = -1;
};

struct Composed {
  std::unique_ptr<Poco::Net::MailMessage> message;
  std::string messageId;
  std::string subject;
};

// The message for one candidate. A deliberate resend of a sent mail gets a Message-ID of its own
// (with the same stem); a retry of one never accepted keeps the first one's.
Composed compose(const MailConfig& config, const MailTemplate& mailTemplate, const Candidate& c,
                 const std::string& qrPath, std::int64_t nowMs) {
  MailHeaders headers;
  headers.from = config.from;
  headers.replyTo = config.replyTo;
  headers.to = Mailbox{c.name.empty() ? c.firstName + " " + c.lastName : c.name, c.email};
  headers.messageId =
      messageIdFor(c.id, c.link, c.state == "sent" ? c.sends : 0, domainOf(config.from.address));
  headers.dateMs = nowMs;
  headers.registrationId = c.id;
  MailBody body;
  body.qrCid = "qr-" + headers.messageId.substr(1, headers.messageId.size() - 2);
  body.qrFile = Poco::Path(c.qrFile).getFileName();
  body.qrPng = readBytes(qrPath);
  MailFields fields{config.eventName, c.firstName, c.lastName, headers.to.name,     c.bib,
                    c.race,           c.key,       c.link,     "cid:" + body.qrCid, body.qrFile};
  body.content = mailTemplate.render(fields);
  return {composeMail(headers, body), headers.messageId, body.content.subject};
}

std::unique_ptr<Mailer> makeSmtpMailer(const Settings& settings) {
  return std::make_unique<SmtpMailer>(readSmtpSettings(settings));
}

}  // namespace

MailConfig readMailConfig(const Settings& settings) {
  MailConfig config;
  config.enabled = settings.flag("mail.enabled");
  config.outbox = settings.path("mail.outbox");
  config.templateName = settings.text("mail.template");
  config.eventName = settings.text("event.name");
  config.from = parseMailbox(
      settings.required("mail.from", "the sender, e.g. Stadtlauf <info@stadtlauf.de>"));
  if (!isPlausibleAddress(config.from.address)) {
    throw ConfigurationError("mail.from: '" + settings.required("mail.from") +
                             "' has no valid address: write Name <address@domain>");
  }
  if (!settings.text("mail.reply_to").empty()) {
    config.replyTo = parseMailbox(settings.required("mail.reply_to"));
    if (!isPlausibleAddress(config.replyTo.address)) {
      throw ConfigurationError("mail.reply_to: '" + settings.required("mail.reply_to") +
                               "' has no valid address: write Name <address@domain>");
    }
  }
  config.perMinute = static_cast<int>(settings.integer("mail.per_minute"));
  config.maxAttempts = static_cast<int>(settings.integer("mail.max_attempts"));
  return config;
}

MailStep::MailStep() : smtp_(makeSmtpMailer) {}

MailStep::MailStep(MailerFactory smtp) : smtp_(std::move(smtp)) {}

StepResult MailStep::run(RunContext& context) {
  StepResult result;
  const Settings& settings = context.settings;
  bool dryRun = context.options.dryRun;
  if (!dryRun && !settings.flag("mail.enabled") && settings.text("mail.outbox").empty()) {
    result.note("mail.enabled is false and mail.outbox is unset: no mail written or sent");
    return result;
  }
  MailConfig config = readMailConfig(settings);
  bool outboxMode = !dryRun && !config.enabled;
  std::string outboxDir =
      config.outbox.empty()
          ? Poco::Path(Poco::Path(settings.outDir()).makeDirectory(), "outbox").toString()
          : config.outbox;
  // A plain name is a folder under templates/; a path is a folder of the user's own.
  MailTemplate mailTemplate =
      config.templateName.find('/') == std::string::npos
          ? MailTemplate::load(settings.templatesDir(), config.templateName)
          : MailTemplate::loadFolder(settings.resolvePath(config.templateName));

  const auto& resend = context.options.resend;
  bool resendAll = std::find(resend.begin(), resend.end(), "all") != resend.end();
  auto resendWanted = [&](const std::string& id) {
    return resendAll || std::find(resend.begin(), resend.end(), id) != resend.end();
  };

  std::vector<Candidate> candidates = loadCandidates(context.store);
  long long noAddress = countOf(context.store,
                                "SELECT count(*) FROM registrants WHERE status = 'active' AND "
                                "email = ''");
  long long noLink = countOf(context.store,
                             "SELECT count(*) FROM registrants r WHERE status = 'active' AND "
                             "email <> '' AND NOT EXISTS (SELECT 1 FROM links l WHERE "
                             "l.registration_id = r.id)");
  for (const auto& id : resend) {
    if (id == "all") continue;
    bool known = std::any_of(candidates.begin(), candidates.end(),
                             [&](const Candidate& c) { return c.id == id; });
    if (!known) result.note("--resend " + id + ": no active registrant with an address and a link");
  }

  std::unique_ptr<Mailer> mailer;
  auto mailerFor = [&]() -> Mailer& {
    if (!mailer) {
      mailer = (dryRun || outboxMode) ? std::make_unique<OutboxMailer>(outboxDir) : smtp_(settings);
    }
    return *mailer;
  };
  Pace pace(context.clock, (dryRun || outboxMode) ? 0 : config.perMinute);
  std::vector<Problem> problems;
  long long sent = 0, failed = 0, alreadySent = 0, gaveUp = 0, qrMissing = 0, written = 0;
  auto problem = [&](const Candidate& c, const std::string& code, const std::string& message,
                     const std::string& hint) {
    problems.push_back(Problem{"mail", "", 0, c.id, code, message, hint});
  };
  auto finishProblems = [&] {
    if (!dryRun) replaceProblems(context.store, context.runId, "mail", problems);
  };

  context.progress.stepStarted("mail", static_cast<long long>(candidates.size()));
  for (const Candidate& c : candidates) {
    bool forced = resendWanted(c.id);
    // With mail off, a message already in the outbox is done until mail is switched on.
    bool done = c.state == "sent" || (!config.enabled && c.state == "outbox");
    if (done && !forced) {
      ++alreadySent;
      continue;
    }
    std::string who = "registration " + c.id + " <" + c.email + ">";
    int attempts = c.lastEmail == c.email ? c.attempts : 0;
    if (c.state == "failed" && attempts >= config.maxAttempts && !forced) {
      ++gaveUp;
      problem(c, "mail_gave_up",
              who + ": not mailed after " + std::to_string(attempts) + " attempts: " + c.lastError,
              "fix the address in the registration export, or run with --resend " + c.id);
      continue;
    }
    std::string at = isoUtc(context.clock.nowMs());
    if (!isPlausibleAddress(c.email)) {
      ++failed;
      if (dryRun) {
        context.plan.add("mail", "skip " + who + ": malformed address");
        continue;
      }
      record(context.store, c, "failed", "", attempts + 1, "malformed address", at);
      problem(c, "malformed_address", who + ": the address is malformed",
              "fix the address in the registration export");
      continue;
    }
    std::string qrPath =
        c.qrFile.empty()
            ? std::string()
            : Poco::Path(Poco::Path(settings.outDir()).makeDirectory(), c.qrFile).toString();
    if (qrPath.empty() || !Poco::File(qrPath).exists() ||
        (!c.qrLink.empty() && c.qrLink != c.link)) {
      ++qrMissing;
      std::string what = "registration " + c.id + ": no QR code for the current link" +
                         (c.qrFile.empty() ? std::string() : " in " + c.qrFile);
      if (dryRun) {
        context.plan.add("mail", "skip " + who + ": no QR code yet");
      } else {
        problem(c, "qr_missing", what, "run the links step, then mail again");
      }
      continue;
    }

    Composed mail = compose(config, mailTemplate, c, qrPath, context.clock.nowMs());
    if (dryRun) context.plan.add("mail", "send '" + mail.subject + "' to " + who);
    pace.wait();
    MailDelivery delivery;
    try {
      delivery = mailerFor().send(Envelope{config.from.address, c.email, c.id}, *mail.message);
    } catch (const RacesyncError&) {
      finishProblems();  // refused credentials or sender: keep what this run found so far
      throw;
    }
    context.progress.advanced(c.bib.empty() ? c.id : "bib " + c.bib);
    if (dryRun || outboxMode) {
      ++written;
      if (outboxMode) record(context.store, c, "outbox", mail.messageId, attempts, "", at);
      continue;
    }
    if (delivery.result == MailDelivery::Result::kAccepted) {
      ++sent;
      record(context.store, c, "sent", mail.messageId, 0, "", at);
    } else if (delivery.result == MailDelivery::Result::kRejected) {
      ++failed;
      record(context.store, c, "failed", mail.messageId, attempts + 1, delivery.detail, at);
      problem(c, "recipient_rejected", who + ": refused by the mail server: " + delivery.detail,
              "check the address; racesync tries again next run (attempt " +
                  std::to_string(attempts + 1) + " of " + std::to_string(config.maxAttempts) + ")");
    } else {
      finishProblems();
      throw TemporaryError(delivery.detail + ": mail stopped after " + std::to_string(sent) +
                           " sent: the next run sends the rest");
    }
  }
  if (mailer) mailer->close();
  finishProblems();

  if (dryRun) {
    result.count("would_send", written);
  } else if (outboxMode) {
    result.count("written", written);
    result.note("mail.enabled is false: " + std::to_string(written) + " messages written to " +
                outboxDir + ", none sent");
  } else {
    result.count("sent", sent);
  }
  result.count("failed", failed);
  result.count("already_sent", alreadySent);
  result.count("gave_up", gaveUp);
  result.count("qr_missing", qrMissing);
  result.count("no_address", noAddress);
  result.count("no_link", noLink);
  if (dryRun && written > 0)
    result.note(std::to_string(written) + " messages written to " + outboxDir);
  context.progress.stepFinished("mail", std::to_string(dryRun || outboxMode ? written : sent) +
                                            (dryRun       ? " would be sent"
                                             : outboxMode ? " written to the outbox"
                                                          : " sent") +
                                            ", " + std::to_string(failed) + " failed, " +
                                            std::to_string(alreadySent) + " already sent");
  return result;
}

}  // namespace racesync
