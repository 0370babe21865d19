// Step `links` of `racesync run`: the redeem link of every registrant with a key, and its QR code
// under out.dir/qr/, rendered on qr.threads threads; only changed links are rendered again.
#pragma once

#include "core/run/step.h"

namespace racesync {

class LinksStep : public Step {
 public:
  const char* name() const override { return "links"; }
  // Reads racemap.link_base and qr.*; writes PNGs and the links table. A QR code that cannot be
  // rendered or written is a problem of its registrant (code qr_failed). Throws
  // ConfigurationError for bad settings, StoreError when the store cannot be written.
  StepResult run(RunContext& context) override;
};

}  // namespace racesync
