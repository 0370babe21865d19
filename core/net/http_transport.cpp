#include "core/net/http_transport.h"

#include <Poco/String.h>

namespace racesync {

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (Poco::icompare(key, name) == 0) return value;
  }
  return "";
}

}  // namespace racesync
