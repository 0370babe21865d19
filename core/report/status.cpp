#include "core/report/status.h"

#include <Poco/Data/Session.h>

#include <iomanip>
#include <sstream>

#include "core/store/athlete_records.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace racesync {

namespace {

long long count(StateStore& store, const std::string& sql) {
  Poco::Int64 value = 0;
  store.session() << sql, into(value), now;
  return value;
}

}  // namespace

StatusCounts readStatus(StateStore& store) {
  StatusCounts c;
  c.registrants = count(store, "SELECT count(*) FROM registrants WHERE status = 'active'");
  c.withdrawn = count(store, "SELECT count(*) FROM registrants WHERE status = 'withdrawn'");
  c.problems = count(store, "SELECT count(*) FROM problems");
  c.keysInPool = count(store, "SELECT count(*) FROM keys WHERE state IN ('free', 'released')");
  c.keysAssigned = count(store, "SELECT count(*) FROM keys WHERE state = 'assigned'");
  c.qrWritten = count(store, "SELECT count(*) FROM links WHERE qr_file <> '' AND qr_link = link");
  c.athletesPushed = count(store,
                           "SELECT count(*) FROM athletes WHERE outcome IN ('created', 'updated', "
                           "'unchanged')");
  c.athletesRejected = count(store, "SELECT count(*) FROM athletes WHERE outcome = 'rejected'");
  c.mailsSent = count(store, "SELECT count(*) FROM mails WHERE state = 'sent'");
  c.mailsFailed = count(store, "SELECT count(*) FROM mails WHERE state = 'failed'");
  c.mailsInDoubt = count(store, "SELECT count(*) FROM mails WHERE state = 'sending'");
  std::string last;
  store.session()
      << "SELECT coalesce(max(finished_at), '') FROM runs WHERE finished_at IS NOT NULL",
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
  store.session() << "SELECT r.race, count(*) FROM athletes a JOIN registrants r "
                     "ON r.id = a.registration_id WHERE r.status = 'active' AND a.outcome IN "
                     "('created', 'updated', 'unchanged') GROUP BY r.race ORDER BY r.race",
      into(races), into(counts), now;
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
