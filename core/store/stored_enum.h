// Reading an enum back from the text the store holds for it: one helper for every records file,
// so that an unknown value is always the same StoreError naming the column.
#pragma once

#include <cstddef>
#include <string>

#include "core/base/errors.h"

namespace racesync {

// The value of `Enum` among `values` whose toString() is `text`. Throws StoreError naming
// `column` and the values it may hold for any other text.
template <typename Enum, std::size_t N>
Enum parseStoredValue(const Enum (&values)[N], const std::string& text, const char* column) {
  std::string known;
  for (Enum value : values) {
    if (text == toString(value)) return value;
    known += (known.empty() ? "" : ", ") + std::string(toString(value));
  }
  throw StoreError(std::string(column) + ": unknown value '" + text + "' in the state store (" +
                   known + " expected): it was written by a newer racesync or edited by hand");
}

}  // namespace racesync
