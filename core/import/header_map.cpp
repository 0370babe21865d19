#include "core/import/header_map.h"

#include <Poco/String.h>

#include <algorithm>
#include <optional>

#include "core/base/edit_distance.h"
#include "core/base/errors.h"
#include "core/base/match_key.h"

namespace racesync {

namespace {

// Match keys (see matchKey), most specific first: the earliest alias found in a header wins.
const std::array<std::vector<std::string>, kFieldCount>& aliasTable() {
  static const std::array<std::vector<std::string>, kFieldCount> kAliases = {{
      // id
      {"registrationid",
       "registrationnumber",
       "registrationno",
       "participantid",
       "entryid",
       "athleteid",
       "anmeldeid",
       "anmeldungid",
       "anmeldenummer",
       "teilnehmerid",
       "teilnehmernummer",
       "idinscription",
       "inscriptionid",
       "numeroinscription",
       "idinscripcion",
       "inscripcionid",
       "inschrijvingid",
       "inschrijfnummer",
       "deelnemerid",
       "attendeeid",
       "attendeenumber",
       "attendeeno",
       "attendee",
       "ticketid",
       "ticketnumber",
       "bookingid",
       "buchungsnummer",
       "regid",
       "id",
       "orderid",
       "ordernumber",
       "orderno",
       "order",
       "bestellnummer",
       "bestellung"},
      // bib
      {"bib", "bibnumber", "bibno", "bibnr", "startnummer", "startnr", "startno", "startnumber",
       "racenumber", "dossard", "numerodossard", "dorsal", "numerodorsal", "rugnummer",
       "borstnummer", "nummer", "numero", "number", "startnumero"},
      // first_name
      {"firstname", "givenname", "forename", "first", "vorname", "prenom", "nombre", "voornaam",
       "fname"},
      // last_name
      {"lastname", "surname", "familyname", "last", "nachname", "familienname", "nom",
       "nomdefamille", "apellidos", "apellido", "achternaam", "familienaam", "lname"},
      // name
      {"name", "fullname", "participantname", "participant", "athlete", "teilnehmer",
       "teilnehmername", "nomcomplet", "nombrecompleto", "naam", "volledigenaam"},
      // email
      {"email", "emailaddress", "emailadresse", "mail", "mailaddress", "courriel", "adresseemail",
       "adressemail", "correo", "correoelectronico", "emailadres", "mailadresse", "emailadress",
       "participantemail", "attendeeemail"},
      // race
      {"race",    "racename",  "contest",    "contestname", "distance",   "wettbewerb",
       "strecke", "distanz",   "lauf",       "course",      "epreuve",    "carrera",
       "prueba",  "distancia", "wedstrijd",  "afstand",     "tickettype", "ticket",
       "event",   "eventname", "competition"},
      // gender
      {"gender", "sex", "geschlecht", "sexe", "sexo", "genero", "geslacht"},
      // birth_date
      {"birthdate", "dateofbirth", "dob", "birthday", "geburtsdatum", "geburtstag",
       "datedenaissance", "naissance", "fechadenacimiento", "fechanacimiento", "geboortedatum",
       "jahrgang", "geburtsjahr", "birthyear", "yearofbirth", "anneedenaissance", "anodenacimiento",
       "geboortejaar"},
      // age_group
      {"agegroup", "agecategory", "agegrade", "altersklasse", "ak", "klasse", "categorie",
       "categorieage", "categoria", "categoriadeedad", "leeftijdscategorie", "category",
       "division"},
      // team
      {"team", "club", "teamname", "clubname", "verein", "mannschaft", "equipe", "equipo", "ploeg",
       "vereniging"},
      // country
      {"country", "nation", "nationality", "countrycode", "ioc", "nationioc", "land",
       "nationalitat", "pays", "nationalite", "pais", "nacionalidad", "nationaliteit"},
      // language
      {"language", "preferredlanguage", "lang", "sprache", "korrespondenzsprache", "langue",
       "idioma", "taal", "locale"},
  }};
  return kAliases;
}

// The words that give a field away inside a longer header ("Participant Email", "Mail-Adresse"),
// most specific first. Only fields whose words are rarely part of other headers: "number" would
// find "Phone Number", "event" "Event Date".
const std::vector<std::string>& wordAliases(Field field) {
  static const std::vector<std::string> kNone;
  static const std::vector<std::string> kEmail = {"email", "mail", "courriel", "correo"};
  static const std::vector<std::string> kBib = {"bib",         "startnummer", "startnr",
                                                "startnumber", "dossard",     "dorsal",
                                                "racenumber",  "rugnummer"};
  static const std::vector<std::string> kFirst = {"firstname", "givenname", "forename",
                                                  "vorname",   "prenom",    "voornaam"};
  static const std::vector<std::string> kLast = {"lastname", "surname",      "familyname",
                                                 "nachname", "familienname", "achternaam"};
  switch (field) {
    case Field::kEmail:
      return kEmail;
    case Field::kBib:
      return kBib;
    case Field::kFirstName:
      return kFirst;
    case Field::kLastName:
      return kLast;
    default:
      return kNone;
  }
}

// An emergency contact's email or name is never the registrant's, nor is a mailing address.
bool notTheRegistrants(const std::string& key) {
  return key.find("emergency") != std::string::npos || key.find("notfall") != std::string::npos ||
         key.find("mailing") != std::string::npos || key.find("contact") != std::string::npos ||
         key.find("kontakt") != std::string::npos;
}

bool isOrderKey(const std::string& key) {
  return key == "orderid" || key == "ordernumber" || key == "orderno" || key == "order" ||
         key == "bestellnummer" || key == "bestellung";
}

// How far the header key `key` is from being an alias of `field`: 0 is an alias, below 0.5 is
// near (a typo, a longer header holding an alias), 1 is nothing alike.
double distanceToField(const std::string& key, Field field) {
  double best = 1.0;
  for (const auto& alias : HeaderMap::aliases(field)) {
    if (alias.size() >= 3 && key.find(alias) != std::string::npos) best = std::min(best, 0.3);
    double edits = static_cast<double>(editDistance(key, alias));
    best = std::min(best, edits / static_cast<double>(std::max(key.size(), alias.size())));
  }
  return best;
}

// The field an unused header seems to be about, by a word in it.
std::optional<Field> looksLike(const std::string& key) {
  if (notTheRegistrants(key)) return std::nullopt;
  if (key.find("mail") != std::string::npos || key.find("courriel") != std::string::npos) {
    return Field::kEmail;
  }
  for (const char* phone : {"phone", "telefon", "mobil", "handy", "fax"}) {
    if (key.find(phone) != std::string::npos) return std::nullopt;
  }
  for (const char* word : {"bib", "nummer", "number", "dossard", "dorsal", "startnr"}) {
    if (key.find(word) != std::string::npos) return Field::kBib;
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& HeaderMap::aliases(Field field) {
  return aliasTable()[static_cast<std::size_t>(field)];
}

HeaderMap::HeaderMap(const std::vector<std::string>& headers,
                     const std::map<Field, std::string>& overrides, const std::string& place)
    : headers_(headers) {
  columns_.fill(-1);
  for (const auto& header : headers_) keys_.push_back(matchKey(header));
  std::vector<bool> used(headers_.size(), false);

  for (const auto& [field, header] : overrides) {
    int column = find(header);
    if (column < 0) {
      throw ConfigurationError(place + ": registrations.columns." + fieldName(field) +
                               ": no column '" + header + "' in the header (" +
                               Poco::cat(std::string(", "), headers_.begin(), headers_.end()) +
                               "): name one of these");
    }
    columns_[static_cast<std::size_t>(field)] = column;
    used[static_cast<std::size_t>(column)] = true;
  }
  matchExactly(overrides, used);
  matchByWords(overrides, used, place);
  // "Vorname;Name": beside a first name, "Name" is the family name, not the full name.
  if (has(Field::kFirstName) && has(Field::kName) && !has(Field::kLastName) &&
      overrides.count(Field::kName) == 0) {
    columns_[static_cast<std::size_t>(Field::kLastName)] = column(Field::kName);
    columns_[static_cast<std::size_t>(Field::kName)] = -1;
  }
  if (has(Field::kId) && overrides.count(Field::kId) == 0) {
    const std::string& key = keys_[static_cast<std::size_t>(column(Field::kId))];
    idIsOrder_ = isOrderKey(key);
  }
}

void HeaderMap::matchExactly(const std::map<Field, std::string>& overrides,
                             std::vector<bool>& used) {
  for (Field field : allFields()) {
    if (overrides.count(field) > 0) continue;
    for (const auto& alias : aliases(field)) {
      auto it = std::find(keys_.begin(), keys_.end(), alias);
      while (it != keys_.end() && used[static_cast<std::size_t>(it - keys_.begin())]) {
        it = std::find(it + 1, keys_.end(), alias);
      }
      if (it == keys_.end()) continue;
      int column = static_cast<int>(it - keys_.begin());
      columns_[static_cast<std::size_t>(field)] = column;
      used[static_cast<std::size_t>(column)] = true;
      break;
    }
  }
}

void HeaderMap::matchByWords(const std::map<Field, std::string>& overrides, std::vector<bool>& used,
                             const std::string& place) {
  for (Field field : allFields()) {
    if (overrides.count(field) > 0 || has(field)) continue;
    for (const auto& alias : wordAliases(field)) {
      std::vector<int> candidates;
      for (std::size_t i = 0; i < keys_.size(); ++i) {
        if (!used[i] && !notTheRegistrants(keys_[i]) && keys_[i].find(alias) != std::string::npos) {
          candidates.push_back(static_cast<int>(i));
        }
      }
      if (candidates.empty()) continue;
      if (candidates.size() > 1) {
        throw ConfigurationError(
            place + ": columns '" + headers_[static_cast<std::size_t>(candidates[0])] + "' and '" +
            headers_[static_cast<std::size_t>(candidates[1])] + "' could both be " +
            fieldName(field) + ": name the right one with registrations.columns." +
            fieldName(field) + " = " + headers_[static_cast<std::size_t>(candidates[0])]);
      }
      columns_[static_cast<std::size_t>(field)] = candidates[0];
      used[static_cast<std::size_t>(candidates[0])] = true;
      break;
    }
  }
}

std::vector<std::string> HeaderMap::unusedHeaders() const {
  std::vector<std::string> unused;
  for (std::size_t i = 0; i < headers_.size(); ++i) {
    bool taken = std::find(columns_.begin(), columns_.end(), static_cast<int>(i)) != columns_.end();
    if (!taken && !headers_[i].empty()) unused.push_back(headers_[i]);
  }
  return unused;
}

std::vector<std::string> HeaderMap::nearest(Field field) const {
  constexpr double kNear = 0.5;
  constexpr std::size_t kShown = 3;
  std::vector<std::pair<double, std::string>> near;
  for (const auto& header : unusedHeaders()) {
    std::string key = matchKey(header);
    if (key.empty()) continue;
    double distance = distanceToField(key, field);
    if (distance < kNear) near.emplace_back(distance, header);
  }
  std::stable_sort(near.begin(), near.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> headers;
  for (std::size_t i = 0; i < near.size() && i < kShown; ++i) headers.push_back(near[i].second);
  return headers;
}

std::string HeaderMap::nearestText(Field field) const {
  std::vector<std::string> headers = nearest(field);
  std::string text;
  for (const auto& header : headers) text += (text.empty() ? "'" : ", '") + header + "'";
  return text;
}

std::vector<std::string> HeaderMap::hints() const {
  std::vector<std::string> hints;
  for (const auto& header : unusedHeaders()) {
    std::optional<Field> looks = looksLike(matchKey(header));
    if (!looks || has(*looks)) continue;
    hints.push_back("'" + header + "' looks like " + fieldName(*looks) +
                    " but was not recognised: set registrations.columns." + fieldName(*looks) +
                    " = " + header);
  }
  return hints;
}

std::string HeaderMap::summary() const {
  std::string found, missing;
  for (Field field : allFields()) {
    if (has(field)) {
      found += std::string(found.empty() ? "" : ", ") + fieldName(field) + " <- '" +
               headers_[static_cast<std::size_t>(column(field))] + "'";
    } else {
      missing += std::string(missing.empty() ? "" : ", ") + fieldName(field);
      std::string near = nearestText(field);
      if (!near.empty()) missing += " (nearest: " + near + ")";
    }
  }
  std::string text = found;
  if (!missing.empty()) text += "; not found: " + missing;
  std::vector<std::string> unused = unusedHeaders();
  if (!unused.empty()) {
    text += "; unused: " + Poco::cat(std::string(", "), unused.begin(), unused.end());
  }
  return text;
}

std::vector<std::string> HeaderMap::describe() const {
  std::vector<std::string> lines;
  for (Field field : allFields()) {
    if (has(field)) {
      lines.push_back(std::string(fieldName(field)) + " <- '" +
                      headers_[static_cast<std::size_t>(column(field))] + "'");
    } else {
      std::string near = nearestText(field);
      lines.push_back(std::string(fieldName(field)) + ": not found" +
                      (near.empty() ? "" : "; nearest headers: " + near));
    }
  }
  std::vector<std::string> unused = unusedHeaders();
  if (!unused.empty()) {
    lines.push_back("unused: " + Poco::cat(std::string(", "), unused.begin(), unused.end()));
  }
  for (auto& hint : hints()) lines.push_back(std::move(hint));
  return lines;
}

bool HeaderMap::any() const {
  return std::any_of(columns_.begin(), columns_.end(), [](int c) { return c >= 0; });
}

int HeaderMap::find(const std::string& header) const {
  std::string key = matchKey(header);
  if (key.empty()) return -1;
  auto it = std::find(keys_.begin(), keys_.end(), key);
  return it == keys_.end() ? -1 : static_cast<int>(it - keys_.begin());
}

}  // namespace racesync
