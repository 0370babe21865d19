// Percent-encoding per RFC 3986, the one encoder of racesync: redeem links, request paths and
// queries, form bodies and the secret scrubber all use it, so they cannot disagree.
#pragma once

#include <string>

namespace racesync {

// Percent-encodes `value` per RFC 3986: the unreserved characters A-Z a-z 0-9 - . _ ~ stay, every
// other byte (UTF-8 included) becomes %XX with upper-case hex; a space is %20, never '+'.
std::string percentEncode(const std::string& value);

}  // namespace racesync
