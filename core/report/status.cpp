#include "core/report/status.h"

#include <Poco/Data/Session.h>

#include <initializer_list>
#include <iomanip>
#include <sstream>

#include "core/store/athlete_records.h"
#include "core/store/key_records.h"
#include "core/store/mail_records.h"
#include "core/store/registrant_records.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

namespace {

long long count(StateStore& store, const std::string& sql) {
  Poco::Int64 value = 0;
  store.sql(sql), into(value), now;
  return value;
}

// How many rows of `table` have `column` set to one of `values` (bound, so that the states come
// from their enums in core/store, never from literals here).
template <typename Enum>
long long countWhere(StateStore& store, const char* table, const char* column,
                     std::initializer_list<Enum> values) {
  long long total = 0;
  for (Enum value : values) {
    std::string text = toString(value);
    Poco::Int64 n = 0;
    store.sql("SELECT count(*) FROM " + std::string(table) + " WHERE " + column + " = ?"),
        use(text), into(n), now;
    total += n;
  }
  return total;
}

}  // namespace

StatusCounts readStatus(StateStore& store) {
  StatusCounts c;
  c.registrants = countWhere(store, "registrants", "status", {RegistrantStatus::kActive});
  c.withdrawn = countWhere(store, "registrants", "status", {RegistrantStatus::kWithdrawn});
  c.problems = count(store, "SELECT count(*) FROM problems");
  c.keysInPool = countWhere(store, "keys", "state", {KeyState::kFree, KeyState::kReleased});
  c.keysAssigned = countWhere(store, "keys", "state", {KeyState::kAssigned});
  c.qrWritten = count(store, "SELECT count(*) FROM links WHERE qr_file <> '' AND qr_link = link");
  c.athletesPushed =
      countWhere(store, "athletes", "outcome",
                 {AthleteOutcome::kCreated, AthleteOutcome::kUpdated, AthleteOutcome::kUnchanged});
  c.athletesRejected = countWhere(store, "athletes", "outcome", {AthleteOutcome::kRejected});
  c.mailsSent = countWhere(store, "mails", "state", {MailState::kSent});
  c.mailsFailed = countWhere(store, "mails", "state", {MailState::kFailed});
  c.mailsInDoubt = countWhere(store, "mails", "state", {MailState::kSending});
  std::string last;
  store.sql("SELECT coalesce(max(finished_at), '') FROM runs WHERE finished_at IS NOT NULL"),
      into(last), now;
  c.lastRun = last;
  return c;
}

std::vector<std::pair<std::string, long long>> athletesPerRace(StateStore& store) {
  // What RaceRanger said it holds, as of the last push that listed the races.
  std::vector<std::pair<std::string, long long>> held = AthleteRecords(store).heldPerRace();
  if (!held.empty()) return held;
  std::vector<std::string> races;
  std::vector<Poco::Int64> counts;
  store.sql(
      "SELECT r.race, count(*) FROM athletes a JOIN registrants r "
      "ON r.id = a.registration_id WHERE r.status = ? AND a.outcome IN (?, ?, ?) "
      "GROUP BY r.race ORDER BY r.race"),
      bind(std::string(toString(RegistrantStatus::kActive))),
      bind(std::string(toString(AthleteOutcome::kCreated))),
      bind(std::string(toString(AthleteOutcome::kUpdated))),
      bind(std::string(toString(AthleteOutcome::kUnchanged))), into(races), into(counts), now;
  std::vector<std::pair<std::string, long long>> result;
  for (std::size_t i = 0; i < races.size(); ++i) result.emplace_back(races[i], counts[i]);
  return result;
}

std::string statusJson(const StatusCounts& c) {
  // Poco's JSON object orders keys alphabetically; monitoring tools do not care, people reading
  // the contract do, so the object is written by hand in the contract's order.
  std::ostringstream out;
  out << "{\"registrants\": " << c.registrants << ", \"withdrawn\": " << c.withdrawn
      << ", \"problems\": " << c.problems << ", \"keys_in_pool\": " << c.keysInPool
      << ", \"keys_assigned\": " << c.keysAssigned << ", \"qr_written\": " << c.qrWritten
      << ", \"athletes_pushed\": " << c.athletesPushed
      << ", \"athletes_rejected\": " << c.athletesRejected << ", \"mails_sent\": " << c.mailsSent
      << ", \"mails_failed\": " << c.mailsFailed << ", \"mails_in_doubt\": " << c.mailsInDoubt
      << ", \"last_run\": ";
  if (c.lastRun.empty()) {
    out << "null";
  } else {
    out << "\"" << c.lastRun << "\"";  // our own ISO 8601 text: nothing to escape
  }
  out << "}";
  return out.str();
}

std::string statusText(const StatusCounts& c) {
  std::ostringstream out;
  auto line = [&](const char* name, long long value) {
    out << std::left << std::setw(20) << name << value << "\n";
  };
  line("registrants", c.registrants);
  line("withdrawn", c.withdrawn);
  line("problems", c.problems);
  line("keys in pool", c.keysInPool);
  line("keys assigned", c.keysAssigned);
  line("qr codes written", c.qrWritten);
  line("athletes pushed", c.athletesPushed);
  line("athletes rejected", c.athletesRejected);
  line("mails sent", c.mailsSent);
  line("mails failed", c.mailsFailed);
  line("mails in doubt", c.mailsInDoubt);
  out << std::left << std::setw(20) << "last run" << (c.lastRun.empty() ? "never" : c.lastRun)
      << "\n";
  return out.str();
}

}  // namespace racesync
