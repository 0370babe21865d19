// Which column of an export holds which field: header aliases in English, German, French, Spanish
// and Dutch, matched by matchKey (case, accents, spaces, '_' and '#' do not matter), and the
// overrides of registrations.columns.<field>.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "core/import/registration.h"

namespace racesync {

class HeaderMap {
 public:
  // Maps `headers` to fields. An override names the header of its field; every other field takes
  // the header that matches the earliest of its aliases ("Registration ID" before "Order ID").
  // A "Name" column next to a first-name column and no last-name column is the last name (German
  // exports write "Vorname;Name"). Throws ConfigurationError "<place>: registrations.columns.<f>:
  // ..." when an override names a header that is not in `headers`.
  HeaderMap(const std::vector<std::string>& headers, const std::map<Field, std::string>& overrides,
            const std::string& place);

  // The column of `field`, -1 when the export has none.
  int column(Field field) const { return columns_[static_cast<std::size_t>(field)]; }
  bool has(Field field) const { return column(field) >= 0; }
  // True when at least one field was found.
  bool any() const;
  // The column whose header matches `header` (by matchKey), -1 when none.
  int find(const std::string& header) const;
  const std::vector<std::string>& headers() const { return headers_; }

  // The aliases of `field`, as match keys, most specific first.
  static const std::vector<std::string>& aliases(Field field);

 private:
  std::vector<std::string> headers_;
  std::vector<std::string> keys_;
  std::array<int, kFieldCount> columns_;
};

}  // namespace racesync
