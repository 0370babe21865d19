#include "core/links/registrant_links.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/String.h>

#include "core/store/state_store.h"

namespace racesync {

std::vector<RegistrantLink> loadRegistrantLinks(StateStore& store) {
  Poco::Data::Statement select(store.session());
  select << "SELECT r.id, r.bib, r.first_name, r.last_name, r.name, r.email, r.race, r.status, "
            "coalesce(k.key, ''), coalesce(l.link, ''), coalesce(l.qr_file, ''), "
            "coalesce(l.qr_link, '') FROM registrants r "
            "LEFT JOIN keys k ON k.registration_id = r.id AND k.state = 'assigned' "
            "LEFT JOIN links l ON l.registration_id = r.id "
            "ORDER BY coalesce(r.first_run, 0), r.source, r.line, r.id";
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<RegistrantLink> result;
  result.reserve(rows.rowCount());
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    RegistrantLink r;
    r.id = rows[0].convert<std::string>();
    r.bib = Poco::trim(rows[1].convert<std::string>());
    r.firstName = rows[2].convert<std::string>();
    r.lastName = rows[3].convert<std::string>();
    r.name = Poco::trim(rows[4].convert<std::string>());
    if (r.name.empty()) r.name = Poco::trim(Poco::trim(r.firstName) + " " + Poco::trim(r.lastName));
    r.email = rows[5].convert<std::string>();
    r.race = rows[6].convert<std::string>();
    r.status = rows[7].convert<std::string>();
    r.key = rows[8].convert<std::string>();
    r.link = rows[9].convert<std::string>();
    r.qrFile = rows[10].convert<std::string>();
    r.qrLink = rows[11].convert<std::string>();
    result.push_back(std::move(r));
  }
  return result;
}

}  // namespace racesync
