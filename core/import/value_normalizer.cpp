#include "core/import/value_normalizer.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <vector>

#include "core/base/match_key.h"

namespace racesync {

namespace {

bool allDigits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool isLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool validDate(int year, int month, int day) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  int last = kDays[month - 1] + (month == 2 && isLeap(year) ? 1 : 0);
  return day <= last;
}

std::string formatDate(int year, int month, int day) {
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

// Splits "12.03.1990" at any of `separators` into its numbers; empty when a part is not digits.
std::vector<int> numberParts(const std::string& text, const std::string& separators) {
  std::vector<int> parts;
  std::string current;
  for (char c : text + separators[0]) {
    if (separators.find(c) != std::string::npos) {
      if (!allDigits(current) || current.size() > 4) return {};
      parts.push_back(std::stoi(current));
      current.clear();
    } else {
      current += c;
    }
  }
  return parts;
}

}  // namespace

std::string normalizeBib(const std::string& value) {
  std::string bib = trimValue(value);
  if (bib.find_first_not_of('0') == std::string::npos) return "";
  return bib;
}

namespace {

// The words exports use for each gender, as matchKey() folds them (case, accents, spaces).
const std::map<std::string, std::string>& genderWords() {
  static const std::map<std::string, std::string> kWords = [] {
    const char* const female[] = {"f",       "female", "woman",   "women",    "w",      "weiblich",
                                  "frau",    "frauen", "damen",   "dame",     "femme",  "femmes",
                                  "feminin", "mujer",  "mujeres", "femenino", "dama",   "damas",
                                  "v",       "vrouw",  "vrouwen", "dames",    "ladies", "lady",
                                  "girl",    "girls",  "madchen", "fille",    "nina",   "meisje"};
    const char* const male[] = {
        "m",       "male",      "man",       "men",        "mannlich", "mann",     "manner",
        "herren",  "herr",      "h",         "homme",      "hommes",   "masculin", "hombre",
        "hombres", "masculino", "caballero", "caballeros", "mannen",   "heren",    "boy",
        "boys",    "junge",     "garcon",    "nino",       "jongen"};
    const char* const other[] = {"x",         "d",    "divers",     "diverse",   "other",
                                 "nonbinary", "nb",   "andere",     "anders",    "autre",
                                 "otro",      "otra", "nonbinaire", "nobinario", "o"};
    std::map<std::string, std::string> words;
    for (const char* word : female) words.emplace(word, "female");
    for (const char* word : male) words.emplace(word, "male");
    for (const char* word : other) words.emplace(word, "other");
    return words;
  }();
  return kWords;
}

}  // namespace

std::string normalizeLanguage(const std::string& value) {
  static const std::map<std::string, std::string> kNames = {
      {"english", "en"},     {"englisch", "en"},    {"anglais", "en"},        {"ingles", "en"},
      {"engels", "en"},      {"german", "de"},      {"deutsch", "de"},        {"allemand", "de"},
      {"aleman", "de"},      {"duits", "de"},       {"french", "fr"},         {"francais", "fr"},
      {"franzosisch", "fr"}, {"frances", "fr"},     {"frans", "fr"},          {"spanish", "es"},
      {"espanol", "es"},     {"spanisch", "es"},    {"espagnol", "es"},       {"spaans", "es"},
      {"dutch", "nl"},       {"nederlands", "nl"},  {"niederlandisch", "nl"}, {"italian", "it"},
      {"italiano", "it"},    {"italienisch", "it"}, {"polish", "pl"},         {"polski", "pl"},
      {"czech", "cs"},       {"cestina", "cs"},     {"danish", "da"},         {"dansk", "da"},
      {"swedish", "sv"},     {"svenska", "sv"},     {"portuguese", "pt"},     {"portugues", "pt"},
  };
  auto named = kNames.find(matchKey(value));
  if (named != kNames.end()) return named->second;
  // "de", "DE", "de-DE", "de_AT": the primary subtag, when it is two letters.
  std::string code = trimValue(value);
  code = code.substr(0, std::min(code.find_first_of("-_"), code.size()));
  bool letters = std::all_of(code.begin(), code.end(),
                             [](unsigned char c) { return std::isalpha(c) != 0 && c < 0x80; });
  if (!letters || code.size() != 2) return "";
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return code;
}

std::optional<std::string> normalizeGender(const std::string& value) {
  std::string key = matchKey(value);
  if (key.empty()) return std::string();
  const auto& words = genderWords();
  auto it = words.find(key);
  if (it == words.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> normalizeBirthDate(const std::string& value, DateOrder order) {
  std::string text = trimValue(value);
  if (text.empty()) return std::string();
  // "1990-03-12 00:00:00" and "1990-03-12T00:00:00Z": the date is what counts.
  std::size_t time = text.find_first_of(" T");
  if (time == 10) text.resize(10);
  if (text == "1899-12-30" || text == "0001-01-01") return std::string();
  if (text.size() == 4 && allDigits(text)) {
    int year = std::stoi(text);
    if (year < 1900 || year > 2100) return std::nullopt;
    return text;
  }
  std::vector<int> parts;
  int year = 0, month = 0, day = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    parts = numberParts(text, "-");
    if (parts.size() != 3) return std::nullopt;
    year = parts[0], month = parts[1], day = parts[2];
  } else if (text.find('.') != std::string::npos) {
    parts = numberParts(text, ".");
    if (parts.size() != 3) return std::nullopt;
    day = parts[0], month = parts[1], year = parts[2];
  } else {
    parts = numberParts(text, "/-");
    if (parts.size() != 3) return std::nullopt;
    year = parts[2];
    if (parts[0] >= 1000) {
      year = parts[0], month = parts[1], day = parts[2];  // 1990/03/12
    } else if (parts[0] > 12) {
      day = parts[0], month = parts[1];
    } else if (parts[1] > 12) {
      month = parts[0], day = parts[1];
    } else if (order == DateOrder::kMonthDayYear) {
      month = parts[0], day = parts[1];
    } else {
      day = parts[0], month = parts[1];
    }
  }
  // A two-digit year ("12.03.90") is ambiguous across a century: validDate refuses it.
  if (!validDate(year, month, day)) return std::nullopt;
  return formatDate(year, month, day);
}

bool isPlausibleEmail(const std::string& value) {
  std::size_t at = value.find('@');
  if (at == std::string::npos || at == 0 || value.find('@', at + 1) != std::string::npos) {
    return false;
  }
  for (unsigned char c : value) {
    if (c <= ' ' || c == ',' || c == ';' || c == '<' || c == '>' || c == '"' || c == '(' ||
        c == ')') {
      return false;
    }
  }
  std::string domain = value.substr(at + 1);
  std::size_t dot = domain.rfind('.');
  if (dot == std::string::npos || dot == 0 || domain.size() - dot - 1 < 2) return false;
  return domain.find("..") == std::string::npos && value[at - 1] != '.' && value.front() != '.';
}

}  // namespace racesync
