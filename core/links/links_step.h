// Step `links` of `racesync run`: the redeem link of every registrant with a key, and its QR code
// under out.dir/qr/, rendered on qr.threads threads; only changed links are rendered again.
#pragma once

#include <string>
#include <vector>

#include "core/run/step.h"

namespace racesync {

// Removes the temporary files an earlier run left in `folder` when it was killed while writing
// (writeFileAtomically's "<name>.tmp-<pid>-<n>"); other files stay. Returns the names removed.
// Only while holding the run lock: no other run can be writing there.
std::vector<std::string> removeLeftoverTemporaryFiles(const std::string& folder);

class LinksStep : public Step {
 public:
  const char* name() const override { return "links"; }
  // Reads racemap.link_base and qr.*; writes PNGs and the links table. A QR code that cannot be
  // rendered or written is a problem of its registrant (code qr_failed). Throws
  // ConfigurationError for bad settings, StoreError when the store cannot be written. First
  // removes what a killed run left half-written under out.dir/qr (count leftovers_removed).
  StepResult run(RunContext& context) override;
};

}  // namespace racesync
