// Which column of an export holds which field: header aliases in English, German, French, Spanish
// and Dutch, matched by matchKey (case, accents, spaces, '_' and '#' do not matter), then by the
// words a header contains ("Participant Email"), and the overrides of
// registrations.columns.<field>.
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
  // the header that matches the earliest of its aliases ("Registration ID" before "Order ID");
  // a field still without a column then takes the one unused header that contains one of its
  // aliases ("Participant Email", "Mail-Adresse"), never an emergency contact's.
  // A "Name" column next to a first-name column and no last-name column is the last name (German
  // exports write "Vorname;Name"). Throws ConfigurationError "<place>: registrations.columns.<f>:
  // ..." when an override names a header that is not in `headers`, or when two headers contain
  // the same alias of a field without a column (naming both and the override that decides).
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
  // True when the id column is an order number ("Order ID"), which a family may share.
  bool idIsOrder() const { return idIsOrder_; }
  // The headers no field took, in file order.
  std::vector<std::string> unusedHeaders() const;
  // Up to three unused headers nearest to an alias of `field` (by edits, or holding one), the
  // nearest first: what "not found" lists. Empty when none is near.
  std::vector<std::string> nearest(Field field) const;
  // nearest(field) quoted: "'Strt Nr', 'Nr'"; "" when none is near.
  std::string nearestText(Field field) const;
  // One line per field ("email <- 'Participant Email'", "bib: not found; nearest headers:
  // 'Strt Nr'"), then the unused
  // headers, then a hint for each unused header that looks like an email, bib or name column.
  std::vector<std::string> describe() const;
  // The same on one line: "id <- 'ID', name <- 'Name'; not found: bib (nearest: 'Strt Nr'),
  // email; unused: Status, Strt Nr".
  std::string summary() const;
  // Hints for unused headers that look like an email, bib or name column:
  // "'Mail' looks like email but was not recognised: set registrations.columns.email = Mail".
  std::vector<std::string> hints() const;

  // The aliases of `field`, as match keys, most specific first.
  static const std::vector<std::string>& aliases(Field field);

 private:
  void matchExactly(const std::map<Field, std::string>& overrides, std::vector<bool>& used);
  void matchByWords(const std::map<Field, std::string>& overrides, std::vector<bool>& used,
                    const std::string& place);

  std::vector<std::string> headers_;
  std::vector<std::string> keys_;
  std::array<int, kFieldCount> columns_;
  bool idIsOrder_ = false;
};

}  // namespace racesync
