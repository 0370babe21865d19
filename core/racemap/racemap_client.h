// The RACEMAP API as racesync uses it (docs/CONTRACT.md §2): inspect the token, read an event's
// keys and starters, generate keys. Built on HttpClient: every call checks its status, reads are
// retried (1 s, then 2 s), generate never; answers are read through the guarded JsonField and the
// token never appears in a message.
#pragma once

#include <string>
#include <vector>

#include "core/net/http_client.h"

namespace racesync {

class Clock;
class Settings;

struct RacemapConfig {
  std::string baseUrl = "https://racemap.com";
  std::string eventId;
  std::string token;  // never printed
  std::string generateMethod = "POST";
  int timeoutMs = 30000;
  int readTries = 3;  // a read (GET) is tried this often on timeouts, 5xx and malformed answers

  // From racemap.base_url, racemap.event_id, racemap.generate_method, racemap.timeout_ms and
  // RACEMAP_TOKEN. Throws ConfigurationError naming the key or variable.
  static RacemapConfig from(const Settings& settings);
};

// A starter as GET .../starters lists it; unknown fields are ignored.
struct RacemapStarterView {
  std::string id;
  std::string name;
  std::string startNumber;
  std::string key;  // as RACEMAP sent it (not normalised)
  bool keyUsed = false;
  std::string importId;  // integrations.importId
};

class RacemapClient {
 public:
  // Borrows `http` and `clock` (for the pause between read tries). Every call below throws only
  // racesync's exceptions, RACEMAP_TOKEN scrubbed from their messages; an answer of the wrong
  // shape is a RemoteError naming the call and the field.
  RacemapClient(HttpTransport& http, Clock& clock, RacemapConfig config);

  // GET /api/inspect: the token's user id. Throws RemoteError when the token is refused (naming
  // RACEMAP_TOKEN) or the host cannot be reached (naming racemap.base_url).
  std::string inspect();
  // GET /api/events/{id}: the event's name. Throws ConfigurationError on 404 (naming
  // racemap.event_id), RemoteError on 401/403, TemporaryError when it cannot be read.
  std::string eventName();
  // GET .../starter_keys?format=json: the keys as sent, in either ASSUMED shape. Reads are tried
  // readTries times on timeouts, 429, 5xx and malformed answers (TemporaryError after that). A
  // list answered as the last one with items appended (RACEMAP lists keys in creation order) is
  // read from where the last one ended: re-reading the list after the generate calls costs a
  // byte compare of what is known, not a parse.
  std::vector<std::string> starterKeys();
  // The same read, for a caller that holds the last list this client read: when the list still
  // begins with it, only the keys appended since (`extended` true); otherwise the whole list.
  // After the generate calls of 200,000 registrants, the keys step parses only the new keys.
  struct KeyListUpdate {
    std::vector<std::string> keys;  // appended ones when extended, else the whole list
    bool extended = false;
  };
  KeyListUpdate starterKeysUpdate();
  // GET .../starters.
  std::vector<RacemapStarterView> starters();
  // POST (or GET) .../actions/generate_starter_keys?count=N, sent once. Throws RemoteError on a
  // 4xx, TemporaryError on a 5xx, TransportError when no answer came: the caller re-reads the
  // key list whatever happens, as the call is not idempotent.
  void generateStarterKeys(int count);

  const RacemapConfig& config() const { return config_; }
  std::string eventPath() const;

 private:
  // A GET tried up to readTries times; returns the JSON of its 200 answer.
  JsonField read(const std::string& pathAndQuery);
  [[noreturn]] void fail(const std::string& method, const std::string& path,
                         const HttpResponse& response) const;

  // `added` = the items `body` appends to the last key list, when `body` is the last answer (a
  // list at the top) with items appended and those items parse; false otherwise.
  bool extendsLastKeyList(const std::string& body, std::vector<std::string>& added) const;
  // Reads the key list into lastKeys_ (extended in place when it can be); returns the index of
  // its first entry not listed by the read before (0 when read in full).
  std::size_t readKeyList();
  // Keys as they may be shown: a text that does not look like a key is scrubbed of secrets.
  std::vector<std::string> shown(std::size_t from) const;

  RacemapConfig config_;
  HttpClient http_;
  std::string lastKeyBody_;            // the last key list answer read in full or extended
  std::vector<std::string> lastKeys_;  // what it listed, as sent
};

}  // namespace racesync
