// Text as people type it into spreadsheets, made comparable: values trimmed, and match keys that
// ignore case, accents and the punctuation headers vary in ("E-Mail", "e_mail", "Email #").
#pragma once

#include <string>

namespace racesync {

// `text` without leading and trailing white space (ASCII, no-break space, stray BOMs).
std::string trimValue(const std::string& text);

// The key two spellings share when they mean the same: lower-cased, accents removed (é -> e,
// ß -> ss, Ł -> l), with white space, '_', '#', '-', '.' and ':' dropped. "Prénom" and
// "prenom", "E-Mail" and "email", "Bib #" and "bib" have one key. `text` is UTF-8.
std::string matchKey(const std::string& text);

// `text` lower-cased (Unicode-aware) with runs of white space made one space and the ends trimmed:
// what makes a derived registration id insensitive to how a name was typed.
std::string lowerCollapsed(const std::string& text);

}  // namespace racesync
