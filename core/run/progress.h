// Where a run reports what it is doing. The driver picks the sink: a ninja-like status line on a
// terminal, plain lines under cron, nothing in tests.
#pragma once

#include <string>

#include "core/net/http_transport.h"

namespace racesync {

class Progress : public HttpObserver {
 public:
  // A step begins; `total` items are expected (0 when unknown).
  virtual void stepStarted(const std::string& step, long long total) = 0;
  // One item of the current step is done: `item` names it ("bib 42", "batch 3/10").
  virtual void advanced(const std::string& item) = 0;
  // The step is done; `summary` is one line of counts ("312 registrants, 2 problems").
  virtual void stepFinished(const std::string& step, const std::string& summary) = 0;
  // Something the user should read even with -q off: a skipped race, junk after the data.
  virtual void warning(const std::string& message) = 0;
  // Every remote exchange, for -v (never a token).
  void exchanged(const std::string&, const std::string&, int, long long) override {}
};

// Reports nothing: for tests and library users who do not care.
class SilentProgress : public Progress {
 public:
  void stepStarted(const std::string&, long long) override {}
  void advanced(const std::string&) override {}
  void stepFinished(const std::string&, const std::string&) override {}
  void warning(const std::string&) override {}
};

}  // namespace racesync
