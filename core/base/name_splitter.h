// Splits one display name ("Ludwig van Beethoven") into first and last name, for services that
// want both when a registration export only has one name column.
#pragma once

#include <string>

namespace racesync {

struct SplitName {
  std::string first;
  std::string last;
};

// Splits `displayName`: "Last, First" when there is a comma; otherwise the last word is the last
// name, together with the particles (van, de, von, di, da, der, den, la, le, du, del, in any case)
// right before it ("van der Berg", "de la Cruz"). The first word always stays the first name, so
// "Van Morrison" is first "Van", last "Morrison". One word is a last name alone. Whitespace is
// trimmed and collapsed; an empty name gives two empty parts. Pure; never throws.
SplitName splitName(const std::string& displayName);

}  // namespace racesync
