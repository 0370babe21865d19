#include "core/report/race_data.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>

#include <set>

#include "core/base/atomic_file.h"
#include "core/base/csv_writer.h"
#include "core/base/js_text.h"
#include "core/report/registrant_rows.h"

namespace racesync {

namespace {

const char* const kCsvHeader[] = {"registration_id", "bib",    "first_name", "last_name",
                                  "email",           "race",   "key",        "link",
                                  "qr_file",         "status", "raceranger", "mail"};

// Streams the rows of one race after another into that race's two files.
class RaceDataWriter {
 public:
  RaceDataWriter(const std::string& outDir, std::size_t listLimit, const FileModes& modes)
      : outDir_(outDir), listLimit_(listLimit), modes_(modes) {}

  void add(const RegistrantRow& row) {
    if (!open_ || row.race != data_.races.back().name) startRace(row.race);
    RaceData& race = data_.races.back();
    js_ += first_ ? "\n" : ",\n";
    js_ += raceDataRow(row);
    first_ = false;
    csv_ += csvRow({row.id, row.bib, row.firstName, row.lastName, row.email, row.race, row.key,
                    row.link, row.qrFile, row.withdrawn ? "withdrawn" : "active", row.athlete,
                    row.mail});
    if (row.withdrawn) {
      ++race.withdrawn;
      return;
    }
    ++race.active;
    race.keys += row.key.empty() ? 0 : 1;
    race.qrCodes += row.qrFile.empty() ? 0 : 1;
    race.mailsSent += row.mail == "sent" ? 1 : 0;
    race.mailsFailed += row.mail == "failed" ? 1 : 0;
    if (row.email.empty()) note(row, race.noEmail, data_.noEmail, data_.noEmailTotal);
    if (row.bib.empty()) note(row, race.noBib, data_.noBib, data_.noBibTotal);
  }

  ReportData finish() {
    if (open_) finishRace();
    removeStale();
    return std::move(data_);
  }

 private:
  void startRace(const std::string& name) {
    if (open_) finishRace();
    open_ = true;
    RaceData race;
    race.index = static_cast<int>(data_.races.size());
    race.name = name;
    race.jsFile = "report-data/race-" + std::to_string(race.index) + ".js";
    std::string stem = raceFileStem(name);
    if (!stems_.insert(stem).second) stem += "-" + std::to_string(race.index);
    race.csvFile = "report-data/races/" + stem + ".csv";
    data_.races.push_back(race);
    js_ = "racesyncRace(" + std::to_string(race.index) + ", [";
    first_ = true;
    csv_.clear();
    for (const char* column : kCsvHeader) csv_ += std::string(csv_.empty() ? "" : ",") + column;
    csv_ += "\r\n";
  }

  void finishRace() {
    const RaceData& race = data_.races.back();
    js_ += "\n]);\n";
    data_.filesWritten +=
        writeFileIfChanged(outDir_ + "/" + race.jsFile, js_, false, modes_) ? 1 : 0;
    data_.filesWritten +=
        writeFileIfChanged(outDir_ + "/" + race.csvFile, csv_, false, modes_) ? 1 : 0;
    std::string().swap(js_);
    std::string().swap(csv_);
  }

  void note(const RegistrantRow& row, long long& perRace, std::vector<MissingEntry>& list,
            long long& total) {
    ++perRace;
    ++total;
    if (list.size() < listLimit_) {
      list.push_back({row.id, row.name, row.race, row.bib, row.qrFile, row.source, row.line});
    }
  }

  // Files of races that no longer exist (a race renamed, its last registrant gone).
  void removeStale() {
    std::set<std::string> current;
    for (const auto& race : data_.races) {
      current.insert(outDir_ + "/" + race.jsFile);
      current.insert(outDir_ + "/" + race.csvFile);
    }
    removeUnlisted(outDir_ + "/report-data", ".js", current);
    removeUnlisted(outDir_ + "/report-data/races", ".csv", current);
  }

  void removeUnlisted(const std::string& folder, const std::string& suffix,
                      const std::set<std::string>& keep) {
    if (!Poco::File(folder).exists()) return;
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
      const std::string& name = it.name();
      bool ours = name.size() > suffix.size() &&
                  name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                  (suffix == ".csv" || name.rfind("race-", 0) == 0);
      if (!ours || !it->isFile() || keep.count(folder + "/" + name) != 0) continue;
      it->remove();
      ++data_.filesRemoved;
    }
  }

  std::string outDir_;
  std::size_t listLimit_;
  FileModes modes_;
  ReportData data_;
  std::set<std::string> stems_;
  bool open_ = false;
  bool first_ = true;
  std::string js_;
  std::string csv_;
};

}  // namespace

std::string raceDataRow(const RegistrantRow& row) {
  std::string out = "[";
  for (const std::string* text : {&row.id, &row.bib, &row.name, &row.email}) {
    out += jsString(*text) + ",";
  }
  out += row.withdrawn ? "1" : "0";
  for (const std::string* text :
       {&row.key, &row.link, &row.qrFile, &row.athlete, &row.mail, &row.mailError}) {
    out += "," + jsString(*text);
  }
  return out + "]";
}

std::string raceFileStem(const std::string& race) {
  std::string stem;
  for (char c : race) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-';
    if (plain) {
      stem += c;
    } else if (c == ' ' && !stem.empty() && stem.back() != '-') {
      stem += '-';
    }
  }
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  return stem.empty() ? "race" : stem;
}

ReportData writeRaceData(StateStore& store, const std::string& outDir, std::size_t listLimit,
                         const FileModes& modes) {
  RaceDataWriter writer(outDir, listLimit, modes);
  forEachRegistrant(store, [&](const RegistrantRow& row) { writer.add(row); });
  return writer.finish();
}

}  // namespace racesync
