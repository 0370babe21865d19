#include "core/import/registration_normalizer.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>

#include "core/base/match_key.h"

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
  for (Field field : allFields()) out[field] = trimValue(raw[field]);

  // The display name: the Name column as it is (split into first and last only where a service
  // needs it), else "first last".
  if (out.name.empty()) {
    out.name = out.firstName.empty() || out.lastName.empty() ? out.firstName + out.lastName
                                                             : out.firstName + " " + out.lastName;
  }
  out.bib = normalizeBib(out.bib);

  std::string dateAsWritten = out.birthDate;
  if (auto date = normalizeBirthDate(out.birthDate, options_.dateOrder)) {
    out.birthDate = *date;
    dateAsWritten = *date;
  } else {
    out.birthDate.clear();
    out.invalid.set(static_cast<std::size_t>(Field::kBirthDate));
  }

  out.language = normalizeLanguage(out.language);

  std::string emailAsWritten = out.email;
  if (!out.email.empty() && !isPlausibleEmail(out.email)) {
    out.email.clear();
    out.invalid.set(static_cast<std::size_t>(Field::kEmail));
  }

  std::string genderAsWritten = out.gender;
  if (auto gender = normalizeGender(out.gender)) {
    out.gender = *gender;
  } else {
    out.gender.clear();
    out.invalid.set(static_cast<std::size_t>(Field::kGender));
  }

  if (out.id.empty() && !out.name.empty()) {
    out.id = derivedId(emailAsWritten, out.name, dateAsWritten);
    out.derivedId = true;
  }

  if (out.name.empty()) {
    problems.push_back(problemAt(raw, out.id, "missing_name", "no name: the row is not imported",
                                 "fill in the name in the export"));
    return false;
  }
  if (out.invalid.test(static_cast<std::size_t>(Field::kBirthDate))) {
    problems.push_back(problemAt(raw, out.id, "bad_date",
                                 "birth date '" + shortened(dateAsWritten) + "' is not a date",
                                 "write it as YYYY-MM-DD, DD.MM.YYYY or the year alone"));
  }
  if (out.invalid.test(static_cast<std::size_t>(Field::kEmail))) {
    problems.push_back(problemAt(raw, out.id, "bad_email",
                                 "email '" + shortened(emailAsWritten) + "' is not an address",
                                 "correct it in the export: no mail goes out until then"));
  }
  if (out.invalid.test(static_cast<std::size_t>(Field::kGender))) {
    problems.push_back(problemAt(raw, out.id, "bad_gender",
                                 "gender '" + shortened(genderAsWritten) + "' is not known",
                                 "write female, male or other (or F, M, W, D, X)"));
  }
  if (!raceKeys_.empty() && !out.race.empty()) {
    std::string key = matchKey(out.race);
    bool known = false;
    for (std::size_t i = 0; i < raceKeys_.size() && !known; ++i) {
      if (raceKeys_[i] == key) {
        out.race = options_.knownRaces[i];
        known = true;
      }
    }
    if (!known) {
      problems.push_back(problemAt(
          raw, out.id, "unknown_race",
          "race '" + shortened(out.race) + "' is not one of the configured races (" +
              Poco::cat(std::string(", "), options_.knownRaces.begin(), options_.knownRaces.end()) +
              ")",
          "correct the row, or add the race to registrations.races (and raceranger.races)"));
    }
  }
  return true;
}

}  // namespace racesync
