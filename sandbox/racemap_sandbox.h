// The simulated RACEMAP API (docs/CONTRACT.md §2): events, starter keys and starters in memory,
// with the documented auth rules and the ASSUMED details implemented exactly (403, the count cap,
// both shapes of the key list). Served by SandboxServer for tests, `racesync demo` and `sandbox`.
#pragma once

#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "sandbox/service.h"

namespace racesync::sandbox {

struct RacemapStarter {
  std::string id;
  std::string name;
  std::string startNumber;
  std::string key;
  bool keyUsed = false;
  std::string importId;  // integrations.importId; "" when not imported
};

class RacemapSandbox : public Service {
 public:
  // The ASSUMED shape of GET .../starter_keys: ["K84N2S", ...] or [{"key": "K84N2S", ...}, ...].
  enum class KeyListShape { kStrings, kObjects };
  static constexpr int kMaxKeysPerCall = 1000;

  // Answers only requests with `Authorization: Bearer <token>`; the token belongs to `userId`.
  // `seed` fixes the keys it generates (0: a random seed).
  explicit RacemapSandbox(std::string token, std::string userId = "sandbox-user",
                          unsigned seed = 0);

  // Adds an event; `owner` "" means the token's user. Events of another owner answer 403.
  void addEvent(const std::string& id, const std::string& name, const std::string& owner = "");
  // Adds keys to an event as if generated earlier (upper case as given).
  void addKeys(const std::string& eventId, const std::vector<std::string>& keys);
  // Adds a starter; its key, when set and new, joins the event's key list.
  void addStarter(const std::string& eventId, const RacemapStarter& starter);
  void setKeyListShape(KeyListShape shape);

  // For assertions.
  std::vector<std::string> keys(const std::string& eventId) const;
  std::vector<RacemapStarter> starters(const std::string& eventId) const;
  int generateCalls(const std::string& eventId) const;  // calls that created keys
  int keysGenerated(const std::string& eventId) const;

  bool handles(const std::string& path) const override;
  Response handle(const Request& request) override;

 private:
  struct Event {
    std::string name;
    std::string owner;
    std::vector<std::string> keys;  // in creation order
    std::set<std::string> keySet;
    std::vector<RacemapStarter> starters;
    int generateCalls = 0;
    int keysGenerated = 0;
    // The key list's items as JSON, built up as keys are added: a list of 200,000 keys is read
    // before and after a run's generate calls, and the simulation should not cost more than the
    // client.
    mutable std::string listItems;
    mutable std::size_t listedKeys = 0;
    mutable KeyListShape listedShape = KeyListShape::kStrings;
  };

  Response keyList(const Event& event) const;
  Response starterList(const Event& event) const;
  Response generate(Event& event, const Request& request);
  std::string newKey(const Event& event);
  const Event& eventAt(const std::string& eventId) const;

  const std::string token_;
  const std::string userId_;
  mutable std::mutex mutex_;
  std::mt19937 random_;
  KeyListShape shape_ = KeyListShape::kStrings;
  std::map<std::string, Event> events_;
};

}  // namespace racesync::sandbox
