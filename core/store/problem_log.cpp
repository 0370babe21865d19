#include "core/store/problem_log.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include <algorithm>

#include "core/store/state_store.h"
#include "core/store/store_statement.h"

using Poco::Data::Keywords::now;

namespace racesync {

void addProblems(StateStore& store, Poco::Int64 runId, const std::string& step,
                 const std::vector<Problem>& problems) {
  if (problems.empty()) return;
  store.transact([&] {
    StoreStatement insert(store,
                          "INSERT INTO problems (run_id, step, source, line, registration_id, "
                          "code, message, hint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& p : problems) {
      insert.bind(1, static_cast<long long>(runId)).bind(2, step).bind(3, p.source);
      insert.bind(4, static_cast<long long>(p.line)).bind(5, p.registrationId).bind(6, p.code);
      insert.bind(7, p.message).bind(8, p.hint).run();
    }
  });
}

namespace {

constexpr const char* kProblemColumns = "source, line, registration_id, code, message, hint";

bool sameProblem(const Problem& a, const Problem& b) {
  return a.source == b.source && a.line == b.line && a.registrationId == b.registrationId &&
         a.code == b.code && a.message == b.message && a.hint == b.hint;
}

// The stored problems of `step`, in the order they were added.
std::vector<Problem> storedProblems(StateStore& store, const std::string& step) {
  StoreStatement select(store, std::string("SELECT ") + kProblemColumns +
                                   " FROM problems WHERE step = ? ORDER BY id");
  select.bind(1, step);
  std::vector<Problem> problems;
  while (select.next()) {
    Problem p;
    p.step = step;
    select.text(0, p.source);
    p.line = static_cast<int>(select.integer(1));
    select.text(2, p.registrationId);
    select.text(3, p.code);
    select.text(4, p.message);
    select.text(5, p.hint);
    problems.push_back(std::move(p));
  }
  return problems;
}

}  // namespace

bool replaceProblems(StateStore& store, Poco::Int64 runId, const std::string& step,
                     const std::vector<Problem>& problems) {
  bool wrote = false;
  store.transact([&] {
    const std::vector<Problem> stored = storedProblems(store, step);
    if (std::equal(stored.begin(), stored.end(), problems.begin(), problems.end(), sameProblem)) {
      return;
    }
    StoreStatement remove(store, "DELETE FROM problems WHERE step = ?");
    remove.bind(1, step).run();
    addProblems(store, runId, step, problems);
    wrote = true;
  });
  return wrote;
}

StagedProblems::StagedProblems(StateStore& store, std::string step)
    : store_(store), step_(std::move(step)) {
  store_.transact([&] {
    store_.sql(
        "CREATE TEMP TABLE IF NOT EXISTS staged_problems (seq INTEGER PRIMARY "
        "KEY, source TEXT NOT NULL, line INTEGER NOT NULL, registration_id TEXT "
        "NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, hint TEXT NOT NULL)"),
        now;
    store_.sql("DELETE FROM staged_problems"), now;
  });
}

void StagedProblems::add(const std::vector<Problem>& problems) {
  if (problems.empty()) return;
  store_.transact([&] {
    StoreStatement insert(store_, std::string("INSERT INTO staged_problems (seq, ") +
                                      kProblemColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& p : problems) {
      insert.bind(1, added_++).bind(2, p.source).bind(3, static_cast<long long>(p.line));
      insert.bind(4, p.registrationId).bind(5, p.code).bind(6, p.message).bind(7, p.hint).run();
    }
  });
}

bool StagedProblems::commit(Poco::Int64 runId) {
  bool wrote = false;
  store_.transact([&] {
    // Row by row in order: the stored problems of the step against the staged ones.
    StoreStatement count(store_, "SELECT count(*) FROM problems WHERE step = ?");
    count.bind(1, step_);
    long long stored = count.next() ? count.integer(0) : 0;
    while (count.next()) {
    }
    if (stored == added_) {
      StoreStatement differing(
          store_,
          "SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY id) AS n, source, line, "
          "registration_id, code, message, hint FROM problems WHERE step = ?) p "
          "JOIN staged_problems s ON s.seq + 1 = p.n WHERE s.source <> p.source OR "
          "s.line <> p.line OR s.registration_id <> p.registration_id OR s.code <> p.code OR "
          "s.message <> p.message OR s.hint <> p.hint");
      differing.bind(1, step_);
      const long long differ = differing.next() ? differing.integer(0) : 1;
      while (differing.next()) {
      }
      if (differ == 0) return;
    }
    StoreStatement remove(store_, "DELETE FROM problems WHERE step = ?");
    remove.bind(1, step_).run();
    StoreStatement copy(store_, std::string("INSERT INTO problems (run_id, step, ") +
                                    kProblemColumns + ") SELECT ?, ?, " + kProblemColumns +
                                    " FROM staged_problems ORDER BY seq");
    copy.bind(1, static_cast<long long>(runId)).bind(2, step_).run();
    wrote = true;
  });
  return wrote;
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
