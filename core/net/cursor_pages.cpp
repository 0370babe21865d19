#include "core/net/cursor_pages.h"

#include "core/base/errors.h"

namespace racesync {

namespace {

// A cursor as a message shows it: a server may send anything, of any length.
std::string shown(const std::string& cursor) {
  constexpr std::size_t kMax = 40;
  return "'" + (cursor.size() > kMax ? cursor.substr(0, kMax) + "..." : cursor) + "'";
}

}  // namespace

CursorPages::CursorPages(std::string call, int maxPages, std::string limitKey)
    : call_(std::move(call)), maxPages_(maxPages), limitKey_(std::move(limitKey)) {}

bool CursorPages::next(const std::string& cursor) {
  ++pages_;
  if (cursor.empty()) return false;
  if (!seen_.insert(cursor).second) {
    throw RemoteError(call_ + ": page " + std::to_string(pages_) + " gives nextCursor " +
                      shown(cursor) +
                      " again, so the listing would never end: the service's paging is broken: "
                      "report it to the service, and run again once it is fixed");
  }
  if (pages_ >= maxPages_) {
    throw RemoteError(call_ + ": the listing has not ended after " + std::to_string(pages_) +
                      " pages (nextCursor " + shown(cursor) + "): raise " + limitKey_ +
                      " if it really is that long, else the service sends an endless "
                      "nextCursor: report it to the service");
  }
  return true;
}

}  // namespace racesync
