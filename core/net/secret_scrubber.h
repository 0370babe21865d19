// Keeps secrets (tokens, API keys, session ids) out of everything racesync says: each secret, as
// it is and in its URL-encoded and JSON-escaped forms, becomes *** in any text passed through it.
// Every remote client holds one (through HttpClient) and scrubs its messages, -v lines and the
// server texts it hands on to the report and the plan.
#pragma once

#include <string>
#include <vector>

namespace racesync {

class SecretScrubber {
 public:
  static constexpr const char* kMask = "***";

  // Scrubs `secret` from now on (an empty one is ignored). Also its percent-encoded forms
  // (upper- and lower-case hex, '+' for a space) and its JSON-escaped form, as a server that
  // echoes a request back may write it.
  void add(const std::string& secret);
  // `text` with every form of every secret replaced by kMask.
  std::string scrub(std::string text) const;
  bool empty() const { return forms_.empty(); }

 private:
  std::vector<std::string> forms_;  // longest first, so a secret inside another goes second
};

}  // namespace racesync
