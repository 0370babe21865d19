// Follows the cursor of a paged listing safely: at most so many pages, and never one cursor twice,
// so that a service whose nextCursor never ends cannot keep racesync (and its lock) busy forever.
#pragma once

#include <set>
#include <string>

namespace racesync {

class CursorPages {
 public:
  // `call` names the listing in messages ("GET /v1/events/evt_1/races"); `limitKey` is the
  // setting that raises `maxPages` ("raceranger.max_pages").
  CursorPages(std::string call, int maxPages, std::string limitKey);

  // Takes the next cursor the page just read gave ("" on the last page) and says whether there
  // is another page to read with it. Throws RemoteError, naming the call and the fix, when the
  // listing goes past maxPages or gives a cursor it gave before.
  bool next(const std::string& cursor);
  // Pages read so far.
  int pages() const { return pages_; }

 private:
  std::string call_;
  int maxPages_;
  std::string limitKey_;
  int pages_ = 0;
  std::set<std::string> seen_;
};

}  // namespace racesync
