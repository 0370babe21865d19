#include "core/store/problem_log.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include "core/store/state_store.h"

using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

void addProblems(StateStore& store, Poco::Int64 runId, const std::string& step,
                 const std::vector<Problem>& problems) {
  store.transact([&] {
    for (const auto& problem : problems) {
      Problem p = problem;
      p.step = step;
      store.sql(
          "INSERT INTO problems (run_id, step, source, line, registration_id, code, "
          "message, hint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
          use(runId), use(p.step), use(p.source), use(p.line), use(p.registrationId), use(p.code),
          use(p.message), use(p.hint), now;
    }
  });
}

void replaceProblems(StateStore& store, Poco::Int64 runId, const std::string& step,
                     const std::vector<Problem>& problems) {
  store.transact([&] {
    std::string name = step;
    store.sql("DELETE FROM problems WHERE step = ?"), use(name), now;
    addProblems(store, runId, step, problems);
  });
}

std::vector<Problem> loadProblems(StateStore& store) {
  Poco::Data::Statement select = store.sql(
      "SELECT step, source, line, registration_id, code, message, hint FROM problems "
      "ORDER BY CASE step WHEN 'import' THEN 0 WHEN 'keys' THEN 1 WHEN 'links' THEN 2 "
      "WHEN 'racemap' THEN 3 WHEN 'raceranger' THEN 4 WHEN 'raceresult' THEN 5 "
      "WHEN 'mail' THEN 6 ELSE 7 END, "
      "source, line, id");
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<Problem> problems;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    Problem p;
    p.step = rows["step"].convert<std::string>();
    p.source = rows["source"].convert<std::string>();
    p.line = rows["line"].convert<int>();
    p.registrationId = rows["registration_id"].convert<std::string>();
    p.code = rows["code"].convert<std::string>();
    p.message = rows["message"].convert<std::string>();
    p.hint = rows["hint"].convert<std::string>();
    problems.push_back(std::move(p));
  }
  return problems;
}

}  // namespace racesync
