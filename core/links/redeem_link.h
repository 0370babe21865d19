// The RACEMAP redeem link of one registrant (docs/CONTRACT.md §2): the text a QR code and a mail
// carry. A pure function of its input.
#pragma once

#include <string>

#include "core/base/percent_encoding.h"

namespace racesync {

// The default of racemap.link_base.
inline constexpr const char* kDefaultLinkBase = "https://racemap.app/redeem_key";

// `base`?key=KEY[&startNumber=BIB]&name=NAME, values percent-encoded (percentEncode, RFC 3986).
// `startNumber` is left out when `bib` is empty, `name` when `name` is empty. When `base` already
// holds a query, the parameters follow it after '&'.
std::string redeemLink(const std::string& base, const std::string& key, const std::string& bib,
                       const std::string& name);

}  // namespace racesync
