#include "core/import/registration_normalizer.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>

#include "core/base/match_key.h"
#include "core/base/name_splitter.h"

namespace racesync {

namespace {

Problem problemAt(const RawRegistration& raw, const std::string& id, const std::string& code,
                  const std::string& text, const std::string& hint) {
  Problem p;
  p.step = "import";
  p.source = raw.source;
  p.line = raw.line;
  p.registrationId = id;
  p.code = code;
  p.message = raw.place + ": " + text;
  p.hint = hint;
  return p;
}

// The values as the row wrote them, before normalizeValues cleared what it could not use: for
// the messages, and (date, email) for the derived id.
struct AsWritten {
  std::string birthDate, email, gender;
};

// The display name: the Name column as it is (split into first and last only where a service
// needs it), else "first last". A name-only export gets first and last name as the RaceRanger
// push splits them, so that links.csv and every other output carry both.
void fillNames(Registration& out) {
  if (out.name.empty()) {
    out.name = out.firstName.empty() || out.lastName.empty() ? out.firstName + out.lastName
                                                             : out.firstName + " " + out.lastName;
  }
  if (out.firstName.empty() && out.lastName.empty() && !out.name.empty()) {
    SplitName split = splitName(out.name);
    out.firstName = split.first;
    out.lastName = split.last;
  }
}

// Bib, birth date, email and gender in their normal form; a value that cannot be used is cleared
// and marked in out.invalid.
AsWritten normalizeValues(Registration& out, DateOrder dateOrder) {
  AsWritten written{out.birthDate, out.email, out.gender};
  out.bib = normalizeBib(out.bib);
  if (auto date = normalizeBirthDate(out.birthDate, dateOrder)) {
    out.birthDate = *date;
    written.birthDate = *date;
  } else {
    out.birthDate.clear();
    out.invalid.set(static_cast<std::size_t>(Field::kBirthDate));
  }
  if (!out.email.empty() && !isPlausibleEmail(out.email)) {
    out.email.clear();
    out.invalid.set(static_cast<std::size_t>(Field::kEmail));
  }
  if (auto gender = normalizeGender(out.gender)) {
    out.gender = *gender;
  } else {
    out.gender.clear();
    out.invalid.set(static_cast<std::size_t>(Field::kGender));
  }
  return written;
}

// A problem for each value normalizeValues could not use.
void reportInvalidValues(const RawRegistration& raw, const Registration& out,
                         const AsWritten& written, std::vector<Problem>& problems) {
  if (out.invalid.test(static_cast<std::size_t>(Field::kBirthDate))) {
    problems.push_back(problemAt(raw, out.id, "bad_date",
                                 "birth date '" + shortened(written.birthDate) + "' is not a date",
                                 "write it as YYYY-MM-DD, DD.MM.YYYY or the year alone"));
  }
  if (out.invalid.test(static_cast<std::size_t>(Field::kEmail))) {
    problems.push_back(problemAt(raw, out.id, "bad_email",
                                 "email '" + shortened(written.email) + "' is not an address",
                                 "correct it in the export: no mail goes out until then"));
  }
  if (out.invalid.test(static_cast<std::size_t>(Field::kGender))) {
    problems.push_back(problemAt(raw, out.id, "bad_gender",
                                 "gender '" + shortened(written.gender) + "' is not known",
                                 "write female, male or other (or F, M, W, D, X)"));
  }
}

}  // namespace

std::string shortened(const std::string& value) {
  constexpr std::size_t kMax = 40;
  if (value.size() <= kMax) return value;
  std::size_t end = kMax;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return value.substr(0, end) + "...";
}

RegistrationNormalizer::RegistrationNormalizer(NormalizerOptions options)
    : options_(std::move(options)) {
  for (const auto& race : options_.knownRaces) raceKeys_.push_back(matchKey(race));
}

std::string RegistrationNormalizer::derivedId(const std::string& email, const std::string& fullName,
                                              const std::string& birthDate) {
  Poco::SHA1Engine sha1;
  std::string text = lowerCollapsed(email) + '\x1f' + lowerCollapsed(fullName) + '\x1f' +
                     lowerCollapsed(birthDate);
  sha1.update(text);
  return "h-" + Poco::DigestEngine::digestToHex(sha1.digest()).substr(0, 16);
}

bool RegistrationNormalizer::normalize(const RawRegistration& raw, Registration& out,
                                       std::vector<Problem>& problems) const {
  out = Registration();
  out.source = raw.source;
  out.line = raw.line;
  out.place = raw.place;
  out.idIsOrder = raw.idIsOrder;
  for (Field field : allFields()) out[field] = trimValue(raw[field]);
  fillNames(out);
  AsWritten written = normalizeValues(out, options_.dateOrder);
  out.language = normalizeLanguage(out.language);
  if (out.id.empty() && !out.name.empty()) {
    out.id = derivedId(written.email, out.name, written.birthDate);
    out.derivedId = true;
  }
  if (out.name.empty()) {
    problems.push_back(problemAt(raw, out.id, "missing_name", "no name: the row is not imported",
                                 "fill in the name in the export"));
    return false;
  }
  reportInvalidValues(raw, out, written, problems);
  checkRace(raw, out, problems);
  return true;
}

void RegistrationNormalizer::checkRace(const RawRegistration& raw, Registration& out,
                                       std::vector<Problem>& problems) const {
  if (raceKeys_.empty() || out.race.empty()) return;
  std::string key = matchKey(out.race);
  for (std::size_t i = 0; i < raceKeys_.size(); ++i) {
    if (raceKeys_[i] == key) {
      out.race = options_.knownRaces[i];
      return;
    }
  }
  problems.push_back(problemAt(
      raw, out.id, "unknown_race",
      "race '" + shortened(out.race) + "' is not one of the configured races (" +
          Poco::cat(std::string(", "), options_.knownRaces.begin(), options_.knownRaces.end()) +
          ")",
      "correct the row, or add the race to registrations.races (and raceranger.races)"));
}

}  // namespace racesync
