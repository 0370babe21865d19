#include "core/report/report_writer.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>

#include <mstch/mstch.hpp>

#include <algorithm>

#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/report/status.h"
#include "core/store/column_mapping.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"

namespace racesync {

namespace {

std::string readTemplate(const std::string& path) {
  Poco::File file(path);
  std::string text;
  if (!file.exists() || !file.isFile() || !readWholeFile(path, text)) {
    throw InputError(path + ": report template not found: check templates.dir");
  }
  return text;
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
    std::string state = step.state == StepOutcome::State::kDone
                            ? "done"
                            : (step.state == StepOutcome::State::kFailed ? "failed" : "skipped");
    rows.push_back(mstch::map{{"name", step.name},
                              {"state", state},
                              {"failed", step.state != StepOutcome::State::kDone},
                              {"counts", counts},
                              {"error", step.error},
                              {"notes", notes}});
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

mstch::array raceRows(StateStore& store) {
  Poco::Data::Statement select(store.session());
  select << "SELECT r.race, coalesce(max(a.race_id), ''), coalesce(max(rc.status), ''), count(*), "
            "sum(CASE WHEN a.outcome = 'created' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN a.outcome = 'updated' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN a.outcome = 'unchanged' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN a.outcome = 'rejected' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN a.registration_id IS NULL THEN 1 ELSE 0 END) "
            "FROM registrants r LEFT JOIN athletes a ON a.registration_id = r.id "
            "LEFT JOIN races rc ON rc.race_id = a.race_id "
            "WHERE r.status = 'active' GROUP BY r.race ORDER BY r.race";
  select.execute();
  Poco::Data::RecordSet rs(select);
  mstch::array rows;
  for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
    rows.push_back(mstch::map{{"race", rs.value(0).convert<std::string>()},
                              {"raceId", rs.value(1).convert<std::string>()},
                              {"status", rs.value(2).convert<std::string>()},
                              {"registrants", rs.value(3).convert<std::string>()},
                              {"created", rs.value(4).convert<std::string>()},
                              {"updated", rs.value(5).convert<std::string>()},
                              {"unchanged", rs.value(6).convert<std::string>()},
                              {"rejected", rs.value(7).convert<std::string>()},
                              {"notPushed", rs.value(8).convert<std::string>()}});
  }
  return rows;
}

mstch::array registrantRows(StateStore& store) {
  Poco::Data::Statement select(store.session());
  select << "SELECT r.id, r.bib, r.name, r.race, r.status, coalesce(l.key, ''), "
            "coalesce(l.link, ''), coalesce(l.qr_file, ''), coalesce(a.outcome, ''), "
            "coalesce((SELECT CASE m.state WHEN 'sending' THEN 'in doubt' ELSE m.state END "
            "FROM mails m WHERE m.registration_id = r.id AND m.link = l.link), '') "
            "FROM registrants r LEFT JOIN links l ON l.registration_id = r.id "
            "LEFT JOIN athletes a ON a.registration_id = r.id "
            "ORDER BY r.status, r.race, CASE WHEN r.bib = '' THEN 1 ELSE 0 END, "
            "length(r.bib), r.bib, r.name";
  select.execute();
  Poco::Data::RecordSet rs(select);
  mstch::array rows;
  for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
    rows.push_back(mstch::map{{"id", rs.value(0).convert<std::string>()},
                              {"bib", rs.value(1).convert<std::string>()},
                              {"name", rs.value(2).convert<std::string>()},
                              {"race", rs.value(3).convert<std::string>()},
                              {"withdrawn", rs.value(4).convert<std::string>() == "withdrawn"},
                              {"key", rs.value(5).convert<std::string>()},
                              {"link", rs.value(6).convert<std::string>()},
                              {"qrFile", rs.value(7).convert<std::string>()},
                              {"athlete", rs.value(8).convert<std::string>()},
                              {"mail", rs.value(9).convert<std::string>()}});
  }
  return rows;
}

// The column mapping of the last import: one row per file and field, then the unused headers.
mstch::array mappingRows(StateStore& store) {
  mstch::array rows;
  for (const auto& row : loadColumnMapping(store)) {
    rows.push_back(mstch::map{{"source", row.source},
                              {"format", row.format},
                              {"field", row.field.empty() ? std::string("(unused)") : row.field},
                              {"header", row.header},
                              {"missing", row.header.empty()}});
  }
  return rows;
}

}  // namespace

std::string renderReport(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                         const std::string& generatedAt) {
  std::string templatePath = settings.templatesDir() + "/report/report.html.mustache";
  std::string view = readTemplate(templatePath);
  StatusCounts s = readStatus(store);
  mstch::array problems = problemRows(store);
  mstch::array registrants = registrantRows(store);
  bool failed = outcome.exitCode != 0;
  const std::string eventName = settings.text("event.name");  // unnamed, the report says "race"
  mstch::map context{
      {"event", eventName.empty() ? std::string("race") : eventName},
      {"generatedAt", generatedAt},
      {"exitCode", std::to_string(outcome.exitCode)},
      {"failed", failed},
      {"registrants", std::to_string(s.registrants)},
      {"withdrawn", std::to_string(s.withdrawn)},
      {"keysAssigned", std::to_string(s.keysAssigned)},
      {"keysInPool", std::to_string(s.keysInPool)},
      {"qrWritten", std::to_string(s.qrWritten)},
      {"athletesPushed", std::to_string(s.athletesPushed)},
      {"athletesRejected", std::to_string(s.athletesRejected)},
      {"mailsSent", std::to_string(s.mailsSent)},
      {"mailsFailed", std::to_string(s.mailsFailed)},
      {"mailsInDoubt", std::to_string(s.mailsInDoubt)},
      {"problemCount", std::to_string(s.problems)},
      {"hasProblems", !problems.empty()},
      {"steps", stepRows(outcome)},
      {"problems", problems},
      {"races", raceRows(store)},
      {"rows", registrants},
      {"mapping", mappingRows(store)},
  };
  return mstch::render(view, context);
}

void writeReport(StateStore& store, const Settings& settings, const RunOutcome& outcome,
                 const std::string& generatedAt, const std::string& path) {
  writeFileAtomically(path, renderReport(store, settings, outcome, generatedAt), false,
                      settings.fileModes());
}

}  // namespace racesync
