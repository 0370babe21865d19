#include "core/links/redeem_link.h"

namespace racesync {

std::string redeemLink(const std::string& base, const std::string& key, const std::string& bib,
                       const std::string& name) {
  std::string link = base;
  link += base.find('?') == std::string::npos ? '?' : '&';
  link += "key=" + percentEncode(key);
  if (!bib.empty()) link += "&startNumber=" + percentEncode(bib);
  if (!name.empty()) link += "&name=" + percentEncode(name);
  return link;
}

}  // namespace racesync
