// Which RACE RESULT fields an import asks for and how they map onto registrant fields
// (raceresult.fields, raceresult.fields.<field>), and how one data/list row becomes the raw text a
// CSV row would hold, so that both sources share one normaliser.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/raceresult/raceresult_client.h"

namespace racesync {

class Settings;

class RaceResultFields {
 public:
  // The default mapping of docs/CONTRACT.md §5: id ID, bib Bib, first_name FirstName, last_name
  // LastName, gender Sex, email Email, race Contest.Name, team Club, country Nation.IOC,
  // birth_date DateOfBirth; name and age_group are not read unless configured.
  static RaceResultFields defaults();
  // The defaults changed by `raceresult.fields.<field> = <RACE RESULT field>` (empty: do not read
  // that field) and, when `raceresult.fields` is set, asking for exactly that list. Throws
  // ConfigurationError for an unknown registrant field, a mapping without an ID field, or a mapped
  // field missing from the list.
  static RaceResultFields fromSettings(const Settings& settings);

  // The fields to ask data/list for, in order.
  const std::vector<std::string>& request() const { return request_; }
  // The registrant fields read, each with its column in request().
  const std::vector<std::pair<std::string, std::size_t>>& columns() const { return columns_; }
  // The RACE RESULT field that feeds a registrant field ("" when none).
  std::string sourceOf(const std::string& field) const;

  // The registrant fields of one answer row, keyed by field name ("id", "bib", "birth_date",
  // ...), as text: numbers written plainly, a bib of 0 as "", dates as YYYY-MM-DD with the no-date
  // values as "". A value that is not understood is passed on unchanged for the normaliser to
  // judge; a row shorter than request() gives "" for the missing cells.
  std::map<std::string, std::string> map(const RaceResultRow& row) const;

 private:
  std::vector<std::string> request_;
  std::vector<std::pair<std::string, std::size_t>> columns_;
  std::map<std::string, std::string> sources_;
};

// A RACE RESULT date as YYYY-MM-DD: accepts YYYY-MM-DD, "YYYY-MM-DD hh:mm:ss" and RFC 3339 (the
// date as written, never shifted by its offset). The no-date values (1899-12-30, 0001-01-01, "")
// give "". Anything else is returned unchanged.
std::string raceResultDate(const std::string& text);

// Where a problem with this row is: "raceresult:ID 1234", or "raceresult:row 7" without an ID.
std::string raceResultPlace(const std::string& id, std::size_t rowNumber);

}  // namespace racesync
