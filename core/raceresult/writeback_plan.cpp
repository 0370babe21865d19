#include "core/raceresult/writeback_plan.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/raceresult/raceresult_fields.h"

namespace racesync {

namespace {

const char* const kStep = "raceresult";

// A PID or bib as RACE RESULT takes it: a whole number above 0, else false.
bool participantNumber(const std::string& text, long long& number) {
  if (text.empty() || text.size() > 15) return false;
  if (!std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= '0' && c <= '9'; }))
    return false;
  Poco::Int64 value = 0;
  if (!Poco::NumberParser::tryParse64(text, value) || value <= 0) return false;
  number = value;
  return true;
}

Problem rowProblem(const WritebackCandidate& row, const std::string& code,
                   const std::string& message, const std::string& hint) {
  Problem problem;
  problem.step = kStep;
  problem.source = "raceresult";
  problem.registrationId = row.id;
  problem.code = code;
  problem.message = raceResultPlace(row.id, 0) + ": " + message;
  problem.hint = hint;
  return problem;
}

// The values of `row` that differ from `before` (all of them when the participant or a field
// name changed, or the last write was refused).
std::vector<SaveValueItem> changedValues(const WritebackConfig& config, long long participant,
                                         const WritebackCandidate& row,
                                         const WritebackRecord* before) {
  bool byBib = config.by == WritebackBy::kBib;
  bool all = before == nullptr || before->outcome == WritebackOutcome::kRefused ||
             before->by != config.by || before->target != std::to_string(participant);
  std::vector<SaveValueItem> values;
  if (all || before->keyField != config.keyField || before->key != row.key) {
    values.push_back({byBib, participant, config.keyField, row.key});
  }
  if (!config.linkField.empty() &&
      (all || before->linkField != config.linkField || before->link != row.link)) {
    values.push_back({byBib, participant, config.linkField, row.link});
  }
  return values;
}

// Decides what becomes of one registrant; appends to plan.
void planRegistrant(const WritebackConfig& config, const WritebackCandidate& row,
                    const std::map<std::string, WritebackRecord>& written, WritebackPlan& plan) {
  auto found = written.find(row.id);
  const WritebackRecord* before = found == written.end() ? nullptr : &found->second;
  // No key now: write only to clear a key written before.
  if (row.key.empty() && (before == nullptr || before->key.empty())) {
    ++plan.withoutKey;
    return;
  }
  const std::string& target = config.by == WritebackBy::kBib ? row.bib : row.id;
  long long participant = 0;
  if (config.by == WritebackBy::kBib && row.bib.empty()) {
    ++plan.withoutBib;
    return;
  }
  if (!participantNumber(target, participant)) {
    plan.problems.push_back(
        config.by == WritebackBy::kBib
            ? rowProblem(row, "bib_not_a_number",
                         "bib '" + row.bib + "' is not a RACE RESULT bib (a whole number)",
                         "fix the bib in RACE RESULT, or write back by pid "
                         "(raceresult.writeback.by = pid)")
            : rowProblem(row, "id_not_a_pid",
                         "registration id '" + row.id +
                             "' is not a RACE RESULT participant id (a whole number)",
                         "write back by bib (raceresult.writeback.by = bib)"));
    return;
  }
  ParticipantWrite write;
  write.registrant = row;
  write.participant = participant;
  write.values = changedValues(config, participant, row, before);
  if (write.values.empty()) {
    ++plan.unchanged;
    return;
  }
  write.retry = before != nullptr && before->outcome == WritebackOutcome::kRefused;
  write.record = WritebackRecord{row.id,
                                 config.by,
                                 std::to_string(participant),
                                 config.keyField,
                                 row.key,
                                 config.linkField,
                                 config.linkField.empty() ? "" : row.link,
                                 WritebackOutcome::kWritten,
                                 "",
                                 ""};
  plan.writes.push_back(std::move(write));
}

}  // namespace

WritebackConfig writebackConfig(const Settings& settings) {
  WritebackConfig config;
  config.keyField = settings.text("raceresult.writeback.key_field");
  config.linkField = settings.text("raceresult.writeback.link_field");
  config.by = Poco::toLower(settings.text("raceresult.writeback.by")) == "bib" ? WritebackBy::kBib
                                                                               : WritebackBy::kPid;
  config.noHistory = settings.flag("raceresult.writeback.no_history");
  config.batchSize = static_cast<int>(settings.integer("raceresult.writeback.batch_size"));
  config.perMinute = static_cast<int>(settings.integer("raceresult.writeback.per_minute"));
  if (!config.enabled()) return config;
  if (Poco::icompare(config.keyField, config.linkField) == 0) {
    throw settings.error(
        "raceresult.writeback.link_field",
        "'" + config.linkField + "' is also the key_field: name another field, or leave it empty");
  }
  std::string idField = RaceResultFields::fromSettings(settings).sourceOf("id");
  if (config.by == WritebackBy::kPid && idField != "ID") {
    throw settings.error("raceresult.writeback.by",
                         "pid names participants by RACE RESULT's ID, but the registration id "
                         "comes from '" +
                             idField +
                             "' (raceresult.fields.id): write raceresult.writeback.by = "
                             "bib, or read the id from ID");
  }
  return config;
}

long long WritebackPlan::values() const {
  long long total = 0;
  for (const auto& write : writes) total += static_cast<long long>(write.values.size());
  return total;
}

long long WritebackPlan::retries() const {
  return std::count_if(writes.begin(), writes.end(),
                       [](const ParticipantWrite& write) { return write.retry; });
}

WritebackPlan planWriteback(const WritebackConfig& config,
                            const std::vector<WritebackCandidate>& registrants,
                            const std::map<std::string, WritebackRecord>& written) {
  WritebackPlan plan;
  plan.by = config.by;
  plan.registrants = static_cast<long long>(registrants.size());
  for (const auto& row : registrants) planRegistrant(config, row, written, plan);
  return plan;
}

std::string participantLabel(WritebackBy by, long long participant) {
  return std::string(by == WritebackBy::kBib ? "Bib " : "PID ") + std::to_string(participant);
}

std::vector<std::string> describe(const WritebackPlan& plan, const WritebackConfig& config) {
  std::vector<std::string> lines;
  if (plan.writes.empty()) return lines;
  long long batch = std::max(1, config.batchSize);
  long long participants = static_cast<long long>(plan.writes.size());
  long long calls = (participants + batch - 1) / batch;
  std::string line = "write " + std::to_string(plan.values()) + " values of " +
                     std::to_string(participants) + " participants in " + std::to_string(calls) +
                     (calls == 1 ? " call" : " calls") + " (part/savevaluearray)";
  if (plan.retries() > 0) line += ", " + std::to_string(plan.retries()) + " refused last time";
  lines.push_back(line);
  for (const auto& write : plan.writes) {
    std::string text = participantLabel(plan.by, write.participant) + ":";
    for (std::size_t i = 0; i < write.values.size(); ++i) {
      const SaveValueItem& value = write.values[i];
      text += std::string(i == 0 ? " " : ", ") + value.field + " = " +
              (value.value.empty() ? "(empty)" : value.value);
    }
    lines.push_back(text);
  }
  return lines;
}

Problem refusalProblem(const ParticipantWrite& write, WritebackBy by, const std::string& message) {
  return rowProblem(write.registrant, "writeback_refused",
                    "RACE RESULT refused the values of " + participantLabel(by, write.participant) +
                        ": " + message,
                    "check the participant and the fields in RACE RESULT, then run again");
}

}  // namespace racesync
