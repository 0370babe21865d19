// A registration as racesync understands it: the fields of docs/CONTRACT.md §6, first as raw text
// from a source (RawRegistration), then normalised (Registration). Sources and the store speak
// these types.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <optional>
#include <string>

namespace racesync {

// The fields a registration export may carry, in the order of docs/CONTRACT.md §6.
enum class Field {
  kId,
  kBib,
  kFirstName,
  kLastName,
  kName,
  kEmail,
  kRace,
  kGender,
  kBirthDate,
  kAgeGroup,
  kTeam,
  kCountry,
  kLanguage,  // the language the registrant's mail is written in
};
constexpr std::size_t kFieldCount = 13;

// The configuration name of a field: "id", "first_name", "birth_date", ...
const char* fieldName(Field field);
// The field called `name` ("first_name"); nullopt for anything else.
std::optional<Field> fieldFromName(const std::string& name);
// Every field, in order.
const std::array<Field, kFieldCount>& allFields();

// One row as a source delivers it: untouched text per field ("" when the source has no such
// value), and where it came from. `place` is what problems start with: "registrations.csv:12" for
// a file, "raceresult:ID 1234" for a row without a line.
struct RawRegistration {
  std::array<std::string, kFieldCount> values;
  std::string source;  // file name as configured, or "raceresult"
  int line = 0;        // 0 when the source has no lines
  std::string place;
  bool idIsOrder = false;  // the id column is an order number, which a family may share

  std::string& operator[](Field field) { return values[static_cast<std::size_t>(field)]; }
  const std::string& operator[](Field field) const {
    return values[static_cast<std::size_t>(field)];
  }
};

// One registrant after normalisation: trimmed, bib as text ("" for none), gender female | male |
// other | "", birth date YYYY-MM-DD or YYYY or "". `invalid` marks fields whose source value could
// not be used: they are "" here, and an import keeps what the store already holds for them.
struct Registration {
  std::string id;
  std::string bib;
  std::string firstName;
  std::string lastName;
  std::string name;  // display name: the Name column, or "first last"
  std::string email;
  std::string race;
  std::string gender;
  std::string birthDate;
  std::string ageGroup;
  std::string team;
  std::string country;
  std::string language;    // ISO 639-1 ("de"), "" when not given or not recognised
  bool derivedId = false;  // true when the id is a hash, not the export's id column
  bool idIsOrder = false;  // the id is an order number, which a family may share
  std::bitset<kFieldCount> invalid;

  std::string source;
  int line = 0;
  std::string place;

  std::string& operator[](Field field);
  const std::string& operator[](Field field) const;
};

}  // namespace racesync
