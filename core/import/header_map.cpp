#include "core/import/header_map.h"

#include <Poco/String.h>

#include <algorithm>

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
       "ticketid",
       "ticketnumber",
       "bookingid",
       "buchungsnummer",
       "regid",
       "id",
       "orderid",
       "ordernumber",
       "bestellnummer"},
      // bib
      {"bib", "bibnumber", "bibno", "bibnr", "startnummer", "startnr", "startno", "startnumber",
       "racenumber", "dossard", "numerodossard", "dorsal", "numerodorsal", "rugnummer",
       "borstnummer"},
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
       "adressemail", "correo", "correoelectronico", "emailadres"},
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
      {"country", "nation", "nationality", "countrycode", "ioc", "land", "nationalitat", "pays",
       "nationalite", "pais", "nacionalidad", "nationaliteit"},
      // language
      {"language", "preferredlanguage", "lang", "sprache", "korrespondenzsprache", "langue",
       "idioma", "taal", "locale"},
  }};
  return kAliases;
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
  // "Vorname;Name": beside a first name, "Name" is the family name, not the full name.
  if (has(Field::kFirstName) && has(Field::kName) && !has(Field::kLastName) &&
      overrides.count(Field::kName) == 0) {
    columns_[static_cast<std::size_t>(Field::kLastName)] = column(Field::kName);
    columns_[static_cast<std::size_t>(Field::kName)] = -1;
  }
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
