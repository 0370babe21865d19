// `racesync inspect`: what the import would make of each configured export, without touching the
// state store: encoding, delimiter, rows, each field with the header it comes from, the headers
// left unused, and the warnings about missing email, bib and race columns.
#pragma once

#include <string>

namespace racesync {

class Settings;

// Reads every file of registrations.files (relative to the configuration's folder) to its end
// and describes it, one block per file. Throws InputError when a file cannot be read at all and
// ConfigurationError for a bad registrations.* key or a source other than csv.
std::string inspectRegistrations(const Settings& settings);

}  // namespace racesync
