#include "core/labels/label_print.h"

#include <Poco/Path.h>

#include <algorithm>

#include "core/store/state_store.h"

namespace racesync {
namespace {

LabelData labelOf(const LabelCandidate& c) {
  return LabelData{c.registrationId, c.bib, c.name, c.race, c.key, c.link};
}

// `plan.toPrint` in print order: the order sortLabels gives their label data.
void sortPlanned(std::vector<PlannedLabel>& planned) {
  std::vector<LabelData> labels;
  for (const PlannedLabel& p : planned) labels.push_back(labelOf(p.candidate));
  std::map<std::string, PlannedLabel> byId;
  for (PlannedLabel& p : planned) byId.emplace(p.candidate.registrationId, std::move(p));
  planned.clear();
  for (const LabelData& label : sortLabels(std::move(labels))) {
    planned.push_back(std::move(byId.at(label.registrationId)));
  }
}

std::string plural(long long count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

// The file a label went into, relative to `outDir`: the PDF of its race, or the one PDF.
std::string fileOf(const LabelsOutput& output, const std::string& race, bool perRace) {
  for (const LabelsFile& file : output.files) {
    if (!perRace || file.race == race) return Poco::Path(file.path).getFileName();
  }
  return "";
}

}  // namespace

const char* toString(LabelChange change) {
  switch (change) {
    case LabelChange::kNew:
      return "new";
    case LabelChange::kChanged:
      return "changed";
    case LabelChange::kUnchanged:
      return "unchanged";
  }
  return "";
}

LabelPlan planLabels(const LabelInputs& inputs, bool sinceLastPrint) {
  LabelPlan plan;
  plan.sinceLastPrint = sinceLastPrint;
  plan.withoutLink = inputs.withoutLink;
  for (const LabelCandidate& c : inputs.candidates) {
    PlannedLabel p{c, LabelChange::kNew, labelHash(c)};
    auto printed = inputs.printed.find(c.registrationId);
    if (printed != inputs.printed.end()) {
      p.change =
          printed->second.contentHash == p.hash ? LabelChange::kUnchanged : LabelChange::kChanged;
    }
    plan.newLabels += p.change == LabelChange::kNew ? 1 : 0;
    plan.changed += p.change == LabelChange::kChanged ? 1 : 0;
    plan.unchanged += p.change == LabelChange::kUnchanged ? 1 : 0;
    if (sinceLastPrint && p.change == LabelChange::kUnchanged) {
      ++plan.skipped;
      continue;
    }
    plan.toPrint.push_back(std::move(p));
  }
  sortPlanned(plan.toPrint);
  return plan;
}

std::vector<std::string> describe(const LabelPlan& plan) {
  std::vector<std::string> lines;
  for (const PlannedLabel& p : plan.toPrint) {
    const LabelCandidate& c = p.candidate;
    lines.push_back("would print " + std::string(toString(p.change)) +
                    " label: " + (c.race.empty() ? "(no race)" : c.race) + ", bib " +
                    (c.bib.empty() ? "(none)" : c.bib) + ", " + c.name + " (registration " +
                    c.registrationId + ")");
  }
  lines.push_back(plural(static_cast<long long>(plan.toPrint.size()), "label", "labels") +
                  " to print (" + std::to_string(plan.newLabels) + " new, " +
                  std::to_string(plan.changed) + " changed, " + std::to_string(plan.skipped) +
                  " unchanged left out)");
  return lines;
}

LabelsOutput printLabels(StateStore& store, const std::string& outDir, const PrintSettings& print,
                         const LabelPlan& plan, const std::string& at) {
  if (plan.toPrint.empty()) return {};
  std::vector<LabelData> labels;
  for (const PlannedLabel& p : plan.toPrint) labels.push_back(labelOf(p.candidate));
  LabelsOutput output =
      writeLabelsPdfs(outDir, labels, print.format, print.style, print.perRace, print.modes);
  std::vector<PrintedLabel> printed;
  for (const PlannedLabel& p : plan.toPrint) {
    printed.push_back(
        {p.candidate.registrationId, p.hash, fileOf(output, p.candidate.race, print.perRace), at});
  }
  LabelRecords(store).markPrinted(printed);
  return output;
}

std::string labelsSummary(const LabelPlan& plan, const LabelsOutput& output) {
  std::string text;
  for (const LabelsFile& file : output.files) {
    text += "labels: " + plural(file.labels, "label", "labels") + " on " +
            plural(file.pages, "page", "pages") + ": " + file.path + "\n";
  }
  if (plan.toPrint.empty()) {
    text += plan.sinceLastPrint ? "labels: nothing new or changed since the last print: no PDF "
                                  "written\n"
                                : "labels: no active registrant has a link yet: no PDF written\n";
  } else {
    text += "labels: " + std::to_string(plan.newLabels) + " new, " + std::to_string(plan.changed) +
            " changed" +
            (plan.sinceLastPrint
                 ? " since the last print, " + std::to_string(plan.skipped) + " unchanged left out"
                 : ", " + std::to_string(plan.unchanged) + " unchanged since the last print") +
            "\n";
  }
  if (plan.withoutLink > 0) {
    text +=
        "labels: " + plural(plan.withoutLink, "active registrant has", "active registrants have") +
        " no link yet and no label: run 'racesync run' first\n";
  }
  for (const std::string& problem : output.problems) text += "labels: " + problem + "\n";
  return text;
}

}  // namespace racesync
