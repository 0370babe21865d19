// A client of the RACE RESULT web API (docs/CONTRACT.md §5): login with an account API key, the
// participant list of one event (data/list), values written into participants' fields
// (part/savevaluearray), logout. Built on HttpClient: one try per call, the
// key and the session id scrubbed from every message, answers read through the guarded JsonField.
#pragma once

#include <string>
#include <vector>

#include "core/net/http_client.h"

namespace racesync {

// One cell of a data/list answer. RACE RESULT sends numbers or strings for the same field
// depending on the event; `text` holds either as text (numbers without exponent and, when whole,
// without decimals: 1234, 0, 12.5).
struct RaceResultCell {
  enum class Kind { kNull, kString, kNumber, kBoolean, kOther };
  Kind kind = Kind::kNull;
  std::string text;
};
using RaceResultRow = std::vector<RaceResultCell>;

struct RaceResultOptions {
  std::string baseUrl = "https://events.raceresult.com";
  std::string eventId;
  int timeoutMs = 30000;
};

// Parses a data/list answer (an array of arrays). Throws RemoteError naming `where` when the body
// is not one (nor JSON at all), never another exception.
std::vector<RaceResultRow> parseRaceResultList(const std::string& body, const std::string& where);
// The rows of an answer parsed already (through HttpClient), as parseRaceResultList.
std::vector<RaceResultRow> raceResultRows(const JsonField& answer, const std::string& where);

// One value to write into one participant's field, the participant named by PID or by bib.
struct SaveValueItem {
  bool byBib = false;  // "Bib" instead of "PID"
  long long participant = 0;
  std::string field;
  std::string value;
};

// How RACE RESULT answered a savevaluearray call that it did not refuse for the key.
struct SaveAnswer {
  bool saved = false;
  int status = 0;       // the HTTP status of a refusal
  std::string message;  // RACE RESULT's words for a refusal (scrubbed, one line)
};

// The JSON body of part/savevaluearray: [{"PID": 1, "FieldName": "...", "Value": "..."}, ...].
std::string saveValuesBody(const std::vector<SaveValueItem>& items);

class RatePacer;

class RaceResultClient {
 public:
  // The environment variable that holds the key, and where a user makes a new one.
  static constexpr const char* kKeyVariable = "RACERESULT_API_KEY";

  // Borrows `http`. The key is only ever sent in the login body: no message, log line or error
  // of this client contains it, nor the session id (both are scrubbed to ***).
  RaceResultClient(HttpTransport& http, RaceResultOptions options, std::string apiKey);

  // Opens a session. Throws RemoteError when the key is refused (401/403: the message says where
  // to make a new key) or on any other answer but 200 (5xx and 429: TemporaryError), and when the
  // host cannot be reached; TemporaryError when it does not answer in time.
  void login();
  // The rows of `fields` (in that order) of the event's participants matching `filter` (""
  // for all). Logs in first when there is no session; on 401/403 logs in again once and retries,
  // then throws RemoteError saying the key was refused. Other errors as login().
  std::vector<RaceResultRow> list(const std::vector<std::string>& fields,
                                  const std::string& filter);
  // Writes `items` in one POST part/savevaluearray?noHistory=<noHistory> (ASSUMED all or
  // nothing). Logs in first when there is no session; on 401/403 logs in again once and retries,
  // then throws RemoteError saying the key was refused (it may lack write rights). 200 answers
  // saved; any other 4xx is a refusal of the batch, returned (not thrown) for the caller to narrow
  // down; 429 and 5xx throw TemporaryError, no answer in time TemporaryError.
  SaveAnswer saveValues(const std::vector<SaveValueItem>& items, bool noHistory);
  // Paces every request with `pacer` (borrowed) from now on.
  void pace(RatePacer& pacer);
  // Requests sent so far.
  long long requestCount() const { return http_.requestCount(); }

  // Ends the session, if any. Never throws: returns "" when it worked, else why it did not (a
  // session left open expires on its own, so the caller reports this as a note).
  std::string logout();

  bool loggedIn() const { return !session_.empty(); }
  const std::string& eventId() const { return options_.eventId; }
  // How many logins this client made (for tests and the step's counts).
  int logins() const { return logins_; }

 private:
  void loginNow();
  std::vector<RaceResultRow> listNow(const std::vector<std::string>& fields,
                                     const std::string& filter);
  SaveAnswer saveNow(const std::vector<SaveValueItem>& items, bool noHistory);
  // `why` is added after the refused key ("; writing back needs ...").
  [[noreturn]] void fail(const std::string& where, const HttpResponse& response, bool refused,
                         const std::string& why = "") const;
  std::string serverText(const std::string& body) const;
  // The call with the session's Authorization header.
  Call withSession(Call call) const;

  RaceResultOptions options_;
  std::string apiKey_;
  HttpClient http_;
  std::string session_;
  int logins_ = 0;
};

}  // namespace racesync
