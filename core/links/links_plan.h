// The links step's plan: for each registrant, the redeem link its key makes and the QR file it
// lives in; which codes to render (new or changed links, missing files), which links to drop
// (keys released) and which stay. Computed by a pure function; LinksStep applies it.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/store/link_records.h"

namespace racesync {

// One registrant whose link or QR file is to be written.
struct LinkChange {
  std::size_t index = 0;  // into the registrants
  std::string link;
  std::string file;     // relative to out.dir
  std::string oldFile;  // to remove once the new one is written ("" when none)
};

struct LinksPlan {
  std::vector<std::string> files;     // per registrant: its QR file ("" without a key)
  std::vector<LinkChange> changes;    // in registrant order
  std::vector<std::size_t> removals;  // registrants whose key was released: link and file go
  long long unchanged = 0;
};

// The plan for `registrants` (LinkRecords::registrantLinks order) and links under `base`.
// `onDisk(file)` says whether the QR file (relative to out.dir) exists. A stored file name that
// still fits its registrant is kept, so that a new collision never renames an existing file.
// Pure but for `onDisk`.
LinksPlan planLinks(const std::vector<RegistrantLink>& registrants, const std::string& base,
                    const std::function<bool(const std::string& file)>& onDisk);

// The lines --dry-run prints for `plan`, QR files going under `outDir`.
std::vector<std::string> describe(const LinksPlan& plan, const std::string& outDir);

}  // namespace racesync
