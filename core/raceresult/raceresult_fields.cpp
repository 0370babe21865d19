#include "core/raceresult/raceresult_fields.h"

#include <Poco/Path.h>
#include <Poco/String.h>

#include <algorithm>
#include <cctype>

#include "core/base/errors.h"
#include "core/config/settings.h"

namespace racesync {

namespace {

// The registrant fields of docs/CONTRACT.md §6, with the RACE RESULT field read by default.
const std::vector<std::pair<std::string, std::string>>& defaultSources() {
  static const std::vector<std::pair<std::string, std::string>> kSources = {
      {"id", "ID"},
      {"bib", "Bib"},
      {"first_name", "FirstName"},
      {"last_name", "LastName"},
      {"name", ""},
      {"email", "Email"},
      {"race", "Contest.Name"},
      {"gender", "Sex"},
      {"birth_date", "DateOfBirth"},
      {"age_group", ""},
      {"team", "Club"},
      {"country", "Nation.IOC"},
      {"language", ""},  // no standard field: raceresult.fields.language names one
  };
  return kSources;
}

std::string fieldList() {
  std::string names;
  for (const auto& [field, source] : defaultSources()) names += (names.empty() ? "" : ", ") + field;
  return names;
}

bool digits(const std::string& text, std::size_t from, std::size_t count) {
  if (text.size() < from + count) return false;
  return std::all_of(text.begin() + static_cast<long>(from),
                     text.begin() + static_cast<long>(from + count),
                     [](unsigned char c) { return std::isdigit(c) != 0; });
}

// "YYYY-MM-DD" at the start of `text`.
bool startsWithDate(const std::string& text) {
  return digits(text, 0, 4) && text.size() >= 10 && text[4] == '-' && digits(text, 5, 2) &&
         text[7] == '-' && digits(text, 8, 2);
}

// What may follow the date: nothing, " hh:mm:ss", or RFC 3339's "Thh:mm:ss[.frac](Z|+hh:mm)".
bool timePart(const std::string& rest) {
  if (rest.empty()) return true;
  if (rest[0] != ' ' && rest[0] != 'T' && rest[0] != 't') return false;
  if (!(digits(rest, 1, 2) && rest.size() >= 9 && rest[3] == ':' && digits(rest, 4, 2) &&
        rest[6] == ':' && digits(rest, 7, 2))) {
    return false;
  }
  std::size_t i = 9;
  if (i < rest.size() && rest[i] == '.') {
    ++i;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
  }
  std::string zone = rest.substr(i);
  if (rest[0] == ' ') return zone.empty();
  if (zone == "Z" || zone == "z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2) &&
         zone[3] == ':' && digits(zone, 4, 2);
}

}  // namespace

std::string raceResultDate(const std::string& text) {
  std::string value = Poco::trim(text);
  if (value.empty()) return "";
  if (!startsWithDate(value) || !timePart(value.substr(10))) return text;
  std::string date = value.substr(0, 10);
  if (date == "1899-12-30" || date == "0001-01-01") return "";
  return date;
}

std::string raceResultPlace(const std::string& id, std::size_t rowNumber) {
  if (id.empty()) return "raceresult:row " + std::to_string(rowNumber);
  return "raceresult:ID " + id;
}

RaceResultFields RaceResultFields::defaults() {
  RaceResultFields fields;
  for (const auto& [field, source] : defaultSources()) {
    if (source.empty()) continue;
    fields.sources_[field] = source;
    fields.columns_.emplace_back(field, fields.request_.size());
    fields.request_.push_back(source);
  }
  return fields;
}

RaceResultFields RaceResultFields::fromSettings(const Settings& settings) {
  std::map<std::string, std::string> sources;
  for (const auto& [field, source] : defaultSources()) {
    if (!source.empty()) sources[field] = source;
  }
  for (const auto& field : settings.keysUnder("raceresult.fields")) {
    std::string key = "raceresult.fields." + field;
    if (sources.count(field) == 0 &&
        std::none_of(defaultSources().begin(), defaultSources().end(),
                     [&](const auto& known) { return known.first == field; })) {
      throw settings.error(key, "unknown field '" + field + "': choose from " + fieldList());
    }
    std::string source = settings.text(key);
    if (source.empty()) {
      sources.erase(field);
    } else {
      sources[field] = source;
    }
  }
  if (sources.count("id") == 0) {
    throw settings.error("raceresult.fields.id",
                         "the registration id needs a RACE RESULT field: leave it out to use 'ID'");
  }

  RaceResultFields fields;
  fields.sources_ = sources;
  bool fullList = settings.isSet("raceresult.fields");
  if (fullList) fields.request_ = settings.list("raceresult.fields");
  for (const auto& [field, unused] : defaultSources()) {
    auto source = sources.find(field);
    if (source == sources.end()) continue;
    auto at = std::find(fields.request_.begin(), fields.request_.end(), source->second);
    if (at == fields.request_.end()) {
      if (fullList) {
        throw settings.error("raceresult.fields",
                             "'" + source->second + "' (read as " + field +
                                 ") is not in the list: add it, or map " + field +
                                 " to a listed field with raceresult.fields." + field);
      }
      at = fields.request_.insert(fields.request_.end(), source->second);
    }
    fields.columns_.emplace_back(field, static_cast<std::size_t>(at - fields.request_.begin()));
  }
  return fields;
}

std::string RaceResultFields::sourceOf(const std::string& field) const {
  auto it = sources_.find(field);
  return it == sources_.end() ? "" : it->second;
}

std::map<std::string, std::string> RaceResultFields::map(const RaceResultRow& row) const {
  std::map<std::string, std::string> values;
  for (const auto& [field, column] : columns_) {
    std::string text = column < row.size() ? row[column].text : "";
    if (field == "birth_date") {
      text = raceResultDate(text);
    } else if (field == "bib") {
      // RACE RESULT's bib 0 means no bib yet, whether sent as a number or a string.
      if (Poco::trim(text) == "0") text.clear();
    }
    values[field] = text;
  }
  return values;
}

}  // namespace racesync
