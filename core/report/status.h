// The counts `racesync status` prints (docs/CONTRACT.md §6), read from the state store.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace racesync {

class StateStore;

struct StatusCounts {
  long long registrants = 0;  // active (not withdrawn)
  long long withdrawn = 0;
  long long problems = 0;
  long long keysInPool = 0;  // free keys, ready to hand out
  long long keysAssigned = 0;
  long long qrWritten = 0;
  long long athletesPushed = 0;
  long long athletesRejected = 0;
  long long mailsSent = 0;
  long long mailsFailed = 0;
  long long mailsInDoubt = 0;  // handed to the server, answer never recorded (state 'sending')
  std::string lastRun;         // ISO 8601 UTC of the last finished run, "" when none
};

StatusCounts readStatus(StateStore& store);

// Athletes RaceRanger holds per race, as its listing said at the last push (RaceRanger's race
// names); before any listing, racesync's own records of active athletes per race as the export
// names it.
std::vector<std::pair<std::string, long long>> athletesPerRace(StateStore& store);

// One JSON object with the keys of docs/CONTRACT.md §6 (last_run is null when there was no run).
std::string statusJson(const StatusCounts& counts);
// Aligned "name: value" lines for a person.
std::string statusText(const StatusCounts& counts);

}  // namespace racesync
