#include "core/report/registrant_lookup.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <algorithm>

#include "core/store/key_records.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {
namespace {

void readLink(StateStore& store, RegistrantDetails& d, const std::string& outDir) {
  std::string id = d.match.registrant.id;
  std::vector<std::string> keys, links, files;
  store.sql("SELECT key, link, qr_file FROM links WHERE registration_id = ?"), use(id), into(keys),
      into(links), into(files), now;
  if (!keys.empty()) {
    d.key = keys[0];
    d.link = links[0];
    if (!files[0].empty()) {
      d.qrPath = Poco::Path(Poco::Path(outDir).makeDirectory(), files[0]).toString();
      d.qrOnDisk = Poco::File(d.qrPath).exists();
    }
    return;
  }
  // A key without a link yet (the links step has not run since it was assigned).
  std::string assigned = toString(KeyState::kAssigned);
  store.sql("SELECT key FROM keys WHERE registration_id = ? AND state = ?"), use(id), use(assigned),
      into(keys), now;
  if (!keys.empty()) d.key = keys[0];
}

std::string mailLine(const RegistrantDetails& d) {
  const RegistrantSummary& r = d.match.registrant;
  if (r.email.empty()) return "no address: add one to the registration export";
  if (d.link.empty()) return "not sent: no link yet";
  if (!d.mail) return "not sent yet to " + r.email;
  const MailRecord& m = *d.mail;
  switch (m.state) {
    case MailState::kSent:
      return "sent to " + m.email + " at " + m.sentAt +
             (m.sends > 1 ? " (" + std::to_string(m.sends) + " times)" : "");
    case MailState::kOutbox:
      return "written to the outbox at " + m.updatedAt + ", not sent (mail.enabled is false)";
    case MailState::kFailed:
      return "failed " + std::to_string(m.attempts) + " times to " + m.email + ": " + m.lastError;
    case MailState::kSending:
      return "in doubt: handed to the mail server for " + m.email + " at " + m.updatedAt +
             ", its answer never recorded (it may have arrived): run with --resend in-doubt to "
             "send it again";
  }
  return "";
}

std::string raceRangerLine(const RegistrantDetails& d) {
  if (!d.raceNote.empty()) return "not pushed: " + d.raceNote;
  if (!d.athlete) return "not pushed yet";
  const AthleteRecord& a = *d.athlete;
  if (a.outcome == AthleteOutcome::kRejected) {
    return "rejected at " + a.pushedAt + ": " + a.code + " " + a.message;
  }
  return std::string(toString(a.outcome)) + " in race " + a.raceId + " at " + a.pushedAt;
}

std::string block(const RegistrantDetails& d) {
  const RegistrantSummary& r = d.match.registrant;
  std::string text =
      r.label() + (r.active ? "" : ", WITHDRAWN") + ": found by " + toString(d.match.kind) + "\n";
  auto row = [&](const char* name, const std::string& value) {
    text +=
        std::string("  ") + name + std::string(12 - std::string(name).size(), ' ') + value + "\n";
  };
  row("race", r.race.empty() ? "(none)" : r.race);
  row("email", r.email.empty() ? "(none)" : r.email);
  if (!r.language.empty()) row("language", r.language);
  row("key", d.key.empty() ? "(none yet: run 'racesync run')" : d.key);
  row("link", d.link.empty() ? "(none yet)" : d.link);
  row("QR code", d.qrPath.empty() ? "(none yet)"
                 : d.qrOnDisk     ? d.qrPath
                                  : d.qrPath + " (missing: run the links step)");
  row("mail", mailLine(d));
  row("RaceRanger", raceRangerLine(d));
  if (d.problems.empty()) row("problems", "none");
  for (const Problem& p : d.problems) {
    row("problem", p.message + (p.hint.empty() ? "" : ": " + p.hint));
  }
  if (!r.source.empty()) {
    row("imported", r.source + (r.line > 0 ? ":" + std::to_string(r.line) : ""));
  }
  return text;
}

}  // namespace

std::vector<RegistrantDetails> lookupDetails(StateStore& store,
                                             const std::vector<RegistrantMatch>& matches,
                                             const std::string& outDir) {
  MailRecords mails(store);
  AthleteRecords athleteRecords(store);
  const std::map<std::string, AthleteRecord> athletes = athleteRecords.athletes();
  const std::vector<RaceRecord> races = athleteRecords.races();
  const std::vector<Problem> problems = loadProblems(store);
  std::vector<RegistrantDetails> result;
  for (const RegistrantMatch& match : matches) {
    RegistrantDetails d;
    d.match = match;
    readLink(store, d, outDir);
    if (!d.link.empty()) d.mail = mails.find(match.registrant.id, d.link);
    auto athlete = athletes.find(match.registrant.id);
    if (athlete != athletes.end()) d.athlete = athlete->second;
    for (const RaceRecord& race : races) {
      if (d.athlete && race.raceId == d.athlete->raceId && !race.note.empty())
        d.raceNote = race.note;
    }
    std::copy_if(problems.begin(), problems.end(), std::back_inserter(d.problems),
                 [&](const Problem& p) { return p.registrationId == match.registrant.id; });
    result.push_back(std::move(d));
  }
  return result;
}

std::string formatLookup(const std::vector<RegistrantDetails>& details) {
  std::string text;
  for (const RegistrantDetails& d : details) text += (text.empty() ? "" : "\n") + block(d);
  return text;
}

}  // namespace racesync
