#include "core/report/run_summary.h"

#include <functional>
#include <iomanip>
#include <sstream>

#include "core/base/terminal_text.h"

namespace racesync {

namespace {

// More lines than this per step hide the point of a plan on a terminal.
constexpr std::size_t kPlanLinesPerStep = 20;

const StepOutcome* findStep(const RunOutcome& outcome, const std::string& name) {
  for (const auto& step : outcome.steps) {
    if (step.name == name) return &step;
  }
  return nullptr;
}

long long countOf(const StepOutcome& step, const std::string& name) {
  for (const auto& [key, value] : step.result.counts) {
    if (key == name) return value;
  }
  return 0;
}

// One line per step of this run; a step that did not run says why.
void stepLine(std::ostream& out, const RunOutcome& outcome, const std::string& name,
              const std::string& label,
              const std::function<std::string(const StepOutcome&)>& done) {
  const StepOutcome* step = findStep(outcome, name);
  if (!step) return;
  out << "  " << std::left << std::setw(12) << label;
  switch (step->state) {
    case StepOutcome::State::kDone:
      out << (step->result.idle ? std::string("nothing to do: no registrant changed") : done(*step))
          << "\n";
      break;
    case StepOutcome::State::kFailed:
      out << "FAILED (exit " << step->exitCode << "): " << step->error << "\n";
      break;
    case StepOutcome::State::kSkipped:
      out << step->error << "\n";
      break;
  }
  for (const auto& note : step->result.notes) out << "  " << std::string(12, ' ') << note << "\n";
}

}  // namespace

std::string formatSummary(const RunOutcome& outcome, const StatusCounts& s,
                          const std::vector<std::pair<std::string, long long>>& perRace,
                          const std::string& reportPath) {
  std::ostringstream out;
  out << "summary:\n";
  stepLine(out, outcome, "import", "registrants", [&](const StepOutcome& step) {
    return std::to_string(s.registrants) + " (" + std::to_string(countOf(step, "new")) + " new, " +
           std::to_string(countOf(step, "updated")) + " updated, " + std::to_string(s.withdrawn) +
           " withdrawn)";
  });
  stepLine(out, outcome, "keys", "keys", [&](const StepOutcome& step) {
    return std::to_string(countOf(step, "keys_requested")) + " new from RACEMAP, " +
           std::to_string(s.keysAssigned) + " assigned, " + std::to_string(s.keysInPool) + " spare";
  });
  stepLine(out, outcome, "links", "QR codes", [&](const StepOutcome& step) {
    return std::to_string(countOf(step, "qr_written")) + " written, " +
           std::to_string(countOf(step, "links_unchanged")) + " unchanged";
  });
  stepLine(out, outcome, "racemap", "RACEMAP", [&](const StepOutcome& step) {
    return std::to_string(countOf(step, "import_starters")) + " starters in racemap-import.json, " +
           std::to_string(countOf(step, "files_written")) + " files rewritten";
  });
  stepLine(out, outcome, "raceranger", "RaceRanger", [&](const StepOutcome& step) {
    std::string text = std::to_string(countOf(step, "created")) + " created, " +
                       std::to_string(countOf(step, "updated")) + " updated, " +
                       std::to_string(countOf(step, "rejected")) + " rejected";
    std::string races;
    for (const auto& [race, count] : perRace) {
      races += (races.empty() ? "" : ", ") + race + " " + std::to_string(count);
    }
    return races.empty() ? text : text + "; now in RaceRanger: " + races;
  });
  stepLine(out, outcome, "raceresult", "RACE RESULT", [&](const StepOutcome& step) {
    // A skipped write-back says why in its note alone.
    if (step.result.counts.empty()) return std::string("nothing written back");
    return std::to_string(countOf(step, "written")) + " participants written, " +
           std::to_string(countOf(step, "unchanged")) + " unchanged, " +
           std::to_string(countOf(step, "refused")) + " refused";
  });
  stepLine(out, outcome, "mail", "mails", [&](const StepOutcome& step) {
    long long written = countOf(step, "written");
    return std::to_string(countOf(step, "sent")) + " sent" +
           (written > 0 ? ", " + std::to_string(written) + " written to the outbox" : "") + ", " +
           std::to_string(countOf(step, "failed")) + " failed";
  });
  if (s.mailsInDoubt > 0) {
    // Shown whatever the mail step did this run: they wait for the user's decision.
    out << "  " << std::left << std::setw(12) << "in doubt" << s.mailsInDoubt
        << " mails handed to the server without a recorded answer: not sent again unless you run "
           "with --resend in-doubt (the report lists them)\n";
  }
  out << "  " << std::left << std::setw(12) << "problems" << s.problems
      << (s.problems > 0 ? " (each with its place and fix in the report)" : "") << "\n";
  if (!reportPath.empty()) out << "report: " << reportPath << "\n";
  // Names, races, notes and errors come from data: printed, they must not act on the terminal.
  return terminalText(out.str());
}

std::string formatPlan(const RunOutcome& outcome, bool all) {
  std::ostringstream out;
  out << "dry run: nothing was written remotely, nothing was sent, the state is as it was\n";
  if (outcome.plan.actions.empty()) {
    out << "plan: nothing to do\n";
  } else {
    out << "plan:\n";
    std::string current;
    std::size_t shown = 0;
    std::size_t hidden = 0;
    auto flushHidden = [&] {
      if (hidden > 0) out << "    ... and " << hidden << " more (-v lists them all)\n";
      hidden = 0;
    };
    for (const auto& [step, action] : outcome.plan.actions) {
      if (step != current) {
        flushHidden();
        out << "  " << step << ":\n";
        current = step;
        shown = 0;
      }
      if (!all && shown == kPlanLinesPerStep) {
        ++hidden;
        continue;
      }
      out << "    " << action << "\n";
      ++shown;
    }
    flushHidden();
  }
  for (const auto& step : outcome.steps) {
    if (step.state == StepOutcome::State::kFailed) {
      out << "  " << step.name << ": FAILED (exit " << step.exitCode << "): " << step.error << "\n";
    } else if (step.state == StepOutcome::State::kSkipped) {
      out << "  " << step.name << ": " << step.error << "\n";
    }
  }
  // Plan lines name registrants, races and files: printed, they must not act on the terminal.
  return terminalText(out.str());
}

}  // namespace racesync
