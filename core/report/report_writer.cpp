#include "core/report/report_writer.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/DigestEngine.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SHA1Engine.h>

#include <mstch/mstch.hpp>

#include <algorithm>

#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/base/time_zone.h"
#include "core/config/settings.h"
#include "core/report/status.h"
#include "core/store/athlete_records.h"
#include "core/store/column_mapping.h"
#include "core/store/problem_log.h"
#include "core/store/registrant_records.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

// Ends report.html: the hash of everything above it but the time, so that a run which changes
// nothing in the report leaves the file (and its time) alone.
constexpr const char* kContentMarker = "<!-- racesync report content ";

std::string readTemplate(const std::string& path) {
  Poco::File file(path);
  std::string text;
  if (!file.exists() || !file.isFile() || !readWholeFile(path, text)) {
    throw InputError(path + ": report template not found: check templates.dir");
  }
  return text;
}

std::string stateWord(StepOutcome::State state) {
  return state == StepOutcome::State::kDone
             ? "done"
             : (state == StepOutcome::State::kFailed ? "failed" : "skipped");
}

mstch::array stepRows(const RunOutcome& outcome) {
  mstch::array rows;
  for (const auto& step : outcome.steps) {
    std::string counts;
    for (const auto& [name, value] : step.result.counts) {
      std::string words = name;
      std::replace(words.begin(), words.end(), '_', ' ');
      counts += (counts.empty() ? "" : ", ") + std::to_string(value) + " " + words;
    }
    mstch::array notes;
    for (const auto& note : step.result.notes) notes.push_back(mstch::map{{"note", note}});
    rows.push_back(mstch::map{{"name", step.name},
                              {"state", stateWord(step.state)},
                              {"failed", step.state != StepOutcome::State::kDone},
                              {"counts", counts},
                              {"error", step.error},
                              {"notes", notes}});
  }
  return rows;
}

// The failed steps with their errors, for the banner at the top.
mstch::array failedSteps(const RunOutcome& outcome) {
  mstch::array rows;
  for (const auto& step : outcome.steps) {
    if (step.state != StepOutcome::State::kFailed) continue;
    rows.push_back(mstch::map{{"name", step.name}, {"error", step.error}});
  }
  return rows;
}

mstch::array problemRows(StateStore& store) {
  mstch::array rows;
  for (const auto& problem : loadProblems(store)) {
    rows.push_back(mstch::map{{"step", problem.step},
                              {"message", problem.message},
                              {"hint", problem.hint},
                              {"code", problem.code}});
  }
  return rows;
}

// RaceRanger per race: what was pushed, from the athletes table (a few rows per race).
// A stored outcome, for the SQL that counts them.
std::string outcome(AthleteOutcome value) { return toString(value); }

mstch::array raceRangerRows(StateStore& store) {
  Poco::Data::Statement select = store.sql(
      "SELECT r.race, coalesce(max(a.race_id), ''), coalesce(max(rc.status), ''), count(*), "
      "sum(CASE WHEN a.outcome = '" +
      outcome(AthleteOutcome::kCreated) +
      "' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN a.outcome = '" +
      outcome(AthleteOutcome::kUpdated) +
      "' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN a.outcome = '" +
      outcome(AthleteOutcome::kUnchanged) +
      "' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN a.outcome = '" +
      outcome(AthleteOutcome::kRejected) +
      "' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN a.registration_id IS NULL THEN 1 ELSE 0 END) "
      "FROM registrants r LEFT JOIN athletes a ON a.registration_id = r.id "
      "LEFT JOIN races rc ON rc.race_id = a.race_id "
      "WHERE r.status = '" +
      std::string(toString(RegistrantStatus::kActive)) + "' GROUP BY r.race ORDER BY r.race");
  select.execute();
  Poco::Data::RecordSet rs(select);
  mstch::array rows;
  const char* names[] = {"race",    "raceId",    "status",   "registrants", "created",
                         "updated", "unchanged", "rejected", "notPushed"};
  for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
    mstch::map row;
    for (std::size_t i = 0; i < 9; ++i) row[names[i]] = rs.value(i).convert<std::string>();
    rows.push_back(row);
  }
  return rows;
}

std::string raceLabel(const std::string& race) { return race.empty() ? "(no race)" : race; }

mstch::array raceRows(const ReportData& data) {
  mstch::array rows;
  for (const auto& race : data.races) {
    rows.push_back(mstch::map{{"index", std::to_string(race.index)},
                              {"name", raceLabel(race.name)},
                              {"jsFile", race.jsFile},
                              {"csvFile", race.csvFile},
                              {"registrants", std::to_string(race.active)},
                              {"withdrawn", std::to_string(race.withdrawn)},
                              {"noEmail", std::to_string(race.noEmail)},
                              {"noBib", std::to_string(race.noBib)},
                              {"keys", std::to_string(race.keys)},
                              {"qrCodes", std::to_string(race.qrCodes)},
                              {"mailsSent", std::to_string(race.mailsSent)},
                              {"mailsFailed", std::to_string(race.mailsFailed)},
                              {"total", std::to_string(race.active + race.withdrawn)}});
  }
  return rows;
}

// "registrations.csv line 12", or the export in general when the row came from elsewhere.
std::string placeOf(const MissingEntry& entry) {
  if (entry.source.empty()) return "the registration export";
  return entry.line > 0 ? entry.source + " line " + std::to_string(entry.line) : entry.source;
}

mstch::map missingList(const std::vector<MissingEntry>& entries, long long total, bool email) {
  mstch::array rows;
  for (const auto& entry : entries) {
    std::string fix =
        email ? "add an email address in " + placeOf(entry) + " and run again; until then hand " +
                    (entry.qrFile.empty() ? std::string("the QR code") : entry.qrFile) +
                    " over with the race kit"
              : "give a bib in " + placeOf(entry) +
                    " and run again: the link, the QR code and RaceRanger get it then";
    rows.push_back(mstch::map{{"name", entry.name.empty() ? entry.id : entry.name},
                              {"id", entry.id},
                              {"race", raceLabel(entry.race)},
                              {"bib", entry.bib},
                              {"fix", fix}});
  }
  long long more = total - static_cast<long long>(entries.size());
  return mstch::map{{"count", std::to_string(total)},
                    {"any", total > 0},
                    {"rows", rows},
                    {"hasMore", more > 0},
                    {"more", std::to_string(more)}};
}

mstch::array mappingRows(StateStore& store) {
  mstch::array rows;
  for (const auto& column : loadColumnMapping(store)) {
    rows.push_back(
        mstch::map{{"source", column.source},
                   {"format", column.format},
                   {"field", column.field.empty() ? std::string("(unused)") : column.field},
                   {"header", column.header},
                   {"missing", column.header.empty()}});
  }
  return rows;
}

void addCounts(mstch::map& context, const StatusCounts& s) {
  context.emplace("registrants", std::to_string(s.registrants));
  context.emplace("withdrawn", std::to_string(s.withdrawn));
  context.emplace("keysAssigned", std::to_string(s.keysAssigned));
  context.emplace("keysInPool", std::to_string(s.keysInPool));
  context.emplace("qrWritten", std::to_string(s.qrWritten));
  context.emplace("athletesPushed", std::to_string(s.athletesPushed));
  context.emplace("athletesRejected", std::to_string(s.athletesRejected));
  context.emplace("mailsSent", std::to_string(s.mailsSent));
  context.emplace("mailsFailed", std::to_string(s.mailsFailed));
  context.emplace("mailsInDoubt", std::to_string(s.mailsInDoubt));
  context.emplace("problemCount", std::to_string(s.problems));
}

std::string sha1Hex(const std::string& text) {
  Poco::SHA1Engine engine;
  engine.update(text);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

// The hash the file at `path` was written with, "" when there is none.
std::string writtenContentHash(const std::string& path) {
  std::string existing;
  if (!readWholeFile(path, existing)) return "";
  std::size_t at = existing.rfind(kContentMarker);
  if (at == std::string::npos) return "";
  at += std::string(kContentMarker).size();
  return existing.substr(at, existing.find(' ', at) - at);
}

}  // namespace

std::string renderReport(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                         const ReportData& data, const std::string& updatedAt) {
  std::string view = readTemplate(settings.templatesDir() + "/report/report.html.mustache");
  mstch::array problems = problemRows(store);
  mstch::array mapping = mappingRows(store);
  const std::string eventName = settings.text("event.name");  // unnamed, the report says "race"
  mstch::map context{
      {"event", eventName.empty() ? std::string("race") : eventName},
      {"updatedAt", updatedAt},
      {"exitCode", std::to_string(outcome.exitCode)},
      {"failed", outcome.exitCode != 0},
      {"failedSteps", failedSteps(outcome)},
      {"hasProblems", !problems.empty()},
      {"steps", stepRows(outcome)},
      {"problems", problems},
      {"raceranger", raceRangerRows(store)},
      {"races", raceRows(data)},
      {"noEmail", missingList(data.noEmail, data.noEmailTotal, true)},
      {"noBib", missingList(data.noBib, data.noBibTotal, false)},
      {"hasMapping", !mapping.empty()},
      {"mapping", mapping},
  };
  addCounts(context, readStatus(store));
  return mstch::render(view, context);
}

ReportFiles writeReport(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                        std::int64_t nowMs, const std::string& path) {
  TimeZone zone = TimeZone::named(settings.text("report.timezone"), "report.timezone");
  std::string folder = Poco::Path(path).parent().toString();
  ReportData data =
      writeRaceData(store, folder.empty() ? "." : folder, kMissingListLimit, settings.fileModes());
  ReportFiles files;
  files.dataWritten = data.filesWritten;
  files.dataRemoved = data.filesRemoved;
  // The page without its time decides whether anything changed.
  std::string hash = sha1Hex(renderReport(store, settings, outcome, data, ""));
  if (hash == writtenContentHash(path)) return files;
  std::string html = renderReport(store, settings, outcome, data, zone.format(nowMs));
  writeFileAtomically(path, html + kContentMarker + hash + " -->\n", false, settings.fileModes());
  files.indexWritten = true;
  return files;
}

std::string runReportPath(const Settings& settings) {
  return Poco::Path(Poco::Path(settings.outDir()).makeDirectory(), "report.html").toString();
}

std::string reportRun(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                      std::int64_t nowMs) {
  const std::string path = runReportPath(settings);
  // A run that changed nothing leaves the report of the last run that did as it is.
  if (!outcome.idle || !Poco::File(path).exists()) {
    writeReport(store, settings, outcome, nowMs, path);
  }
  return path;
}

}  // namespace racesync
