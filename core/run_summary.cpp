#include "core/run_summary.h"

#include <sstream>

namespace racesync {

namespace {

std::string joinCounts(const StepResult& result) {
  std::ostringstream out;
  bool first = true;
  for (const auto& [name, value] : result.counts) {
    out << (first ? "" : ", ") << value << " " << name;
    first = false;
  }
  return out.str();
}

}  // namespace

std::string formatSummary(const RunOutcome& outcome, const StatusCounts& s,
                          const std::string& reportPath) {
  std::ostringstream out;
  out << "summary: " << s.registrants << " registrants";
  if (s.withdrawn > 0) out << " (" << s.withdrawn << " withdrawn)";
  out << ", " << s.keysAssigned << " keys assigned (" << s.keysInPool << " spare), " << s.qrWritten
      << " QR codes, " << s.athletesPushed << " athletes in RaceRanger";
  if (s.athletesRejected > 0) out << " (" << s.athletesRejected << " rejected)";
  out << ", " << s.mailsSent << " mails sent";
  if (s.mailsFailed > 0) out << " (" << s.mailsFailed << " failed)";
  out << ", " << s.problems << (s.problems == 1 ? " problem" : " problems") << "\n";
  for (const auto& step : outcome.steps) {
    switch (step.state) {
      case StepOutcome::State::kDone: {
        std::string counts = joinCounts(step.result);
        out << "  " << step.name << ": " << (counts.empty() ? "done" : counts) << "\n";
        break;
      }
      case StepOutcome::State::kFailed:
        out << "  " << step.name << ": FAILED (exit " << step.exitCode << "): " << step.error
            << "\n";
        break;
      case StepOutcome::State::kSkipped:
        out << "  " << step.name << ": " << step.error << "\n";
        break;
    }
    for (const auto& note : step.result.notes) out << "    " << note << "\n";
  }
  if (!reportPath.empty()) out << "report: " << reportPath << "\n";
  return out.str();
}

std::string formatPlan(const RunOutcome& outcome) {
  std::ostringstream out;
  out << "dry run: nothing was written remotely, nothing was sent, no file was written\n";
  if (outcome.plan.actions.empty()) {
    out << "plan: nothing to do\n";
  } else {
    out << "plan:\n";
    std::string current;
    for (const auto& [step, action] : outcome.plan.actions) {
      if (step != current) {
        out << "  " << step << ":\n";
        current = step;
      }
      out << "    " << action << "\n";
    }
  }
  for (const auto& step : outcome.steps) {
    if (step.state == StepOutcome::State::kFailed) {
      out << "  " << step.name << ": FAILED (exit " << step.exitCode << "): " << step.error << "\n";
    } else if (step.state == StepOutcome::State::kSkipped) {
      out << "  " << step.name << ": " << step.error << "\n";
    }
  }
  return out.str();
}

}  // namespace racesync
