#include "core/mail/event_date.h"

#include <Poco/DateTime.h>

#include <cctype>

namespace racesync {
namespace {

bool digitsAt(const std::string& text, std::size_t from, std::size_t count) {
  if (text.size() < from + count) return false;
  for (std::size_t i = from; i < from + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

const char* const kEnglishDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                    "Thursday", "Friday", "Saturday"};
const char* const kEnglishMonths[] = {"January",   "February", "March",    "April",
                                      "May",       "June",     "July",     "August",
                                      "September", "October",  "November", "December"};
const char* const kGermanDays[] = {"Sonntag",    "Montag",  "Dienstag", "Mittwoch",
                                   "Donnerstag", "Freitag", "Samstag"};
const char* const kGermanMonths[] = {"Januar",    "Februar", "März",     "April",
                                     "Mai",       "Juni",    "Juli",     "August",
                                     "September", "Oktober", "November", "Dezember"};

}  // namespace

bool isIsoDate(const std::string& text) {
  if (text.size() != 10 || !digitsAt(text, 0, 4) || text[4] != '-' || !digitsAt(text, 5, 2) ||
      text[7] != '-' || !digitsAt(text, 8, 2)) {
    return false;
  }
  int year = std::stoi(text.substr(0, 4));
  int month = std::stoi(text.substr(5, 2));
  int day = std::stoi(text.substr(8, 2));
  return year >= 1900 && year <= 2999 && Poco::DateTime::isValid(year, month, day);
}

bool isClockTime(const std::string& text) {
  std::size_t colon = text.find(':');
  if (colon != 1 && colon != 2) return false;
  if (!digitsAt(text, 0, colon) || text.size() != colon + 3 || !digitsAt(text, colon + 1, 2)) {
    return false;
  }
  return std::stoi(text.substr(0, colon)) < 24 && std::stoi(text.substr(colon + 1)) < 60;
}

std::string formatEventDate(const std::string& isoDate, const std::string& language) {
  if (isoDate.empty() || !isIsoDate(isoDate)) return isoDate;
  int year = std::stoi(isoDate.substr(0, 4));
  int month = std::stoi(isoDate.substr(5, 2));
  int day = std::stoi(isoDate.substr(8, 2));
  int weekday = Poco::DateTime(year, month, day).dayOfWeek();
  if (language == "de") {
    return std::string(kGermanDays[weekday]) + ", " + std::to_string(day) + ". " +
           kGermanMonths[month - 1] + " " + std::to_string(year);
  }
  if (language == "en") {
    return std::string(kEnglishDays[weekday]) + ", " + std::to_string(day) + " " +
           kEnglishMonths[month - 1] + " " + std::to_string(year);
  }
  return isoDate;
}

}  // namespace racesync
