// The race day as a mail names it: event.date (YYYY-MM-DD) written the way readers of the mail's
// language write dates, and event.start_time (HH:MM). Pure functions.
#pragma once

#include <string>

namespace racesync {

// True for a real calendar date written YYYY-MM-DD.
bool isIsoDate(const std::string& text);
// True for a time of day written H:MM or HH:MM (24 hours).
bool isClockTime(const std::string& text);

// "Sunday, 14 June 2026" (en), "Sonntag, 14. Juni 2026" (de), the ISO date itself for another
// language or ""; "" for "". `isoDate` must pass isIsoDate.
std::string formatEventDate(const std::string& isoDate, const std::string& language);

}  // namespace racesync
