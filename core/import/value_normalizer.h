// The single values of a registration as exports write them, made uniform: bibs, genders, birth
// dates and email addresses. Pure functions of their input.
#pragma once

#include <optional>
#include <string>

namespace racesync {

// How to read an ambiguous date like 03/04/1990 (registrations.date_order: dmy or mdy).
enum class DateOrder { kDayMonthYear, kMonthDayYear };

// The bib as text, trimmed ("001" stays "001"); "" when empty or only zeros (no bib yet).
std::string normalizeBib(const std::string& value);

// "female", "male" or "other" from M/F/W/D/H/X, male/female, Herren/Damen, Hombre/Mujer,
// Homme/Femme, Man/Vrouw and their kin (case and accents do not matter); "" for an empty value;
// nullopt when the value is none of these.
std::optional<std::string> normalizeGender(const std::string& value);

// A birth date as YYYY-MM-DD from YYYY-MM-DD (a time after it is ignored), DD.MM.YYYY,
// DD/MM/YYYY or MM/DD/YYYY (`order` decides when both could be), DD-MM-YYYY; a year alone as
// YYYY. "" for an empty value and for the placeholders 1899-12-30 and 0001-01-01; nullopt when the
// value is not a real date between 1900 and 2100.
std::optional<std::string> normalizeBirthDate(const std::string& value, DateOrder order);

// An ISO 639-1 code ("de") from a code with a region ("de-DE", "de_AT", "DE") or a language's
// name in English or in itself ("German", "Deutsch", "français"); "" for an empty value or one it
// does not recognise (the mail then goes out in mail.template's language).
std::string normalizeLanguage(const std::string& value);

// True when `value` looks like one deliverable address: local@domain.tld, no spaces, no second @.
bool isPlausibleEmail(const std::string& value);

}  // namespace racesync
