// The RACEMAP redeem link of one registrant (docs/CONTRACT.md §2): the text a QR code and a mail
// carry. A pure function of its input.
#pragma once

#include <string>

namespace racesync {

// The default of racemap.link_base.
inline constexpr const char* kDefaultLinkBase = "https://racemap.app/redeem_key";

// Percent-encodes `value` per RFC 3986: the unreserved characters A-Z a-z 0-9 - . _ ~ stay, every
// other byte (UTF-8 included) becomes %XX with upper-case hex; a space is %20, never '+'.
std::string percentEncode(const std::string& value);

// `base`?key=KEY[&startNumber=BIB]&name=NAME, values percent-encoded. `startNumber` is left out
// when `bib` is empty, `name` when `name` is empty. When `base` already holds a query, the
// parameters follow it after '&'.
std::string redeemLink(const std::string& base, const std::string& key, const std::string& bib,
                       const std::string& name);

}  // namespace racesync
