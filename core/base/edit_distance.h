// How many edits turn one text into another: what the nearest-match suggestions (unknown
// configuration keys, headers not recognised, registrants not found) are ranked by.
#pragma once

#include <cstddef>
#include <string>

namespace racesync {

// Edits (insert, delete, replace a byte, swap two neighbours) that turn `a` into `b`: "Mial" is
// one edit from "Mail" (optimal string alignment distance).
std::size_t editDistance(const std::string& a, const std::string& b);

}  // namespace racesync
