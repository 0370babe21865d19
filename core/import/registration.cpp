#include "core/import/registration.h"

namespace racesync {

namespace {

const std::array<const char*, kFieldCount> kNames = {
    "id",     "bib",        "first_name", "last_name", "name",    "email",   "race",
    "gender", "birth_date", "age_group",  "team",      "country", "language"};

}  // namespace

const char* fieldName(Field field) { return kNames[static_cast<std::size_t>(field)]; }

std::optional<Field> fieldFromName(const std::string& name) {
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (name == kNames[i]) return static_cast<Field>(i);
  }
  return std::nullopt;
}

const std::array<Field, kFieldCount>& allFields() {
  static const std::array<Field, kFieldCount> kAll = {
      Field::kId,    Field::kBib,     Field::kFirstName, Field::kLastName,  Field::kName,
      Field::kEmail, Field::kRace,    Field::kGender,    Field::kBirthDate, Field::kAgeGroup,
      Field::kTeam,  Field::kCountry, Field::kLanguage};
  return kAll;
}

std::string& Registration::operator[](Field field) {
  return const_cast<std::string&>(static_cast<const Registration&>(*this)[field]);
}

const std::string& Registration::operator[](Field field) const {
  switch (field) {
    case Field::kId:
      return id;
    case Field::kBib:
      return bib;
    case Field::kFirstName:
      return firstName;
    case Field::kLastName:
      return lastName;
    case Field::kName:
      return name;
    case Field::kEmail:
      return email;
    case Field::kRace:
      return race;
    case Field::kGender:
      return gender;
    case Field::kBirthDate:
      return birthDate;
    case Field::kAgeGroup:
      return ageGroup;
    case Field::kTeam:
      return team;
    case Field::kCountry:
      return country;
    case Field::kLanguage:
      return language;
  }
  return id;  // unreachable: every enumerator is handled above
}

}  // namespace racesync
