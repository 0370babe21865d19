// `racesync labels`: which labels to print, planned by a pure function from the store's records
// (all, or with --since-last-print only the new and changed ones), then labels.pdf written and the
// printed labels recorded, so that the next --since-last-print leaves them out.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/labels/labels_pdf.h"
#include "core/labels/print_settings.h"
#include "core/store/label_records.h"

namespace racesync {

class StateStore;

// What the plan reads.
struct LabelInputs {
  std::vector<LabelCandidate> candidates;       // LabelRecords::candidates()
  std::map<std::string, PrintedLabel> printed;  // LabelRecords::printed()
  long long withoutLink = 0;                    // active registrants without a link
};

// How a label stands against the last print.
enum class LabelChange {
  kNew,        // never printed
  kChanged,    // printed, but the bib, name, race, key or link changed since
  kUnchanged,  // printed as it is now
};
const char* toString(LabelChange change);

struct PlannedLabel {
  LabelCandidate candidate;
  LabelChange change = LabelChange::kNew;
  std::string hash;  // labelHash(candidate)
};

struct LabelPlan {
  std::vector<PlannedLabel> toPrint;  // in the order they are printed: race, then bib
  long long newLabels = 0;            // among all candidates
  long long changed = 0;
  long long unchanged = 0;
  long long skipped = 0;  // unchanged ones left out by --since-last-print
  long long withoutLink = 0;
  bool sinceLastPrint = false;
};

// Every candidate, or with `sinceLastPrint` only the new and changed ones, sorted by race, then
// bib (sortLabels). Pure.
LabelPlan planLabels(const LabelInputs& inputs, bool sinceLastPrint);

// The lines `racesync labels --dry-run` prints: one per label, then the counts.
std::vector<std::string> describe(const LabelPlan& plan);

// Writes the planned labels to `outDir` (labels.pdf, or labels-<race>.pdf each with `perRace`)
// and records them as printed at `at` in one transaction after the files are written. Writes and
// records nothing for an empty plan. Throws what writeLabelsPdfs throws.
LabelsOutput printLabels(StateStore& store, const std::string& outDir, const PrintSettings& print,
                         const LabelPlan& plan, const std::string& at);

// What the command prints afterwards: the files with their labels and pages, the counts, the
// registrants without a link and each label's problem.
std::string labelsSummary(const LabelPlan& plan, const LabelsOutput& output);

}  // namespace racesync
