#include "core/links/links_plan.h"

#include "core/links/qr_file_namer.h"
#include "core/links/redeem_link.h"

namespace racesync {

LinksPlan planLinks(const std::vector<RegistrantLink>& registrants, const std::string& base,
                    const std::function<bool(const std::string& file)>& onDisk) {
  LinksPlan plan;
  plan.files.resize(registrants.size());
  // Names that stay: every stored file that still fits its registrant.
  QrFileNamer namer;
  for (std::size_t i = 0; i < registrants.size(); ++i) {
    const RegistrantLink& r = registrants[i];
    if (!r.key.empty() && !r.qrFile.empty() && QrFileNamer::fits(r.qrFile, r.id, r.bib)) {
      plan.files[i] = r.qrFile;
      namer.reserve(r.qrFile);
    }
  }
  for (std::size_t i = 0; i < registrants.size(); ++i) {
    const RegistrantLink& r = registrants[i];
    if (r.key.empty()) {
      if (!r.link.empty() || !r.qrFile.empty()) plan.removals.push_back(i);
      continue;
    }
    std::string& file = plan.files[i];
    if (file.empty()) file = namer.allocate(r.id, r.bib);
    std::string link = redeemLink(base, r.key, r.bib, r.name);
    if (link == r.link && link == r.qrLink && file == r.qrFile && onDisk(file)) {
      ++plan.unchanged;
      continue;
    }
    plan.changes.push_back(LinkChange{i, std::move(link), file, r.qrFile != file ? r.qrFile : ""});
  }
  return plan;
}

std::vector<std::string> describe(const LinksPlan& plan, const std::string& outDir) {
  std::vector<std::string> lines;
  if (!plan.changes.empty()) {
    lines.push_back("write " + std::to_string(plan.changes.size()) + " QR codes under " + outDir +
                    "/qr");
  }
  if (!plan.removals.empty()) {
    lines.push_back("remove the links of " + std::to_string(plan.removals.size()) +
                    " registrants whose key was released");
  }
  return lines;
}

}  // namespace racesync
