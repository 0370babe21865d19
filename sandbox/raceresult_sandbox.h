// The simulated RACE RESULT web API (docs/CONTRACT.md §5): API-key login, logout, the participant
// list of one event and values written into participants' fields (part/savevaluearray), with
// sessions a test can expire, keys without write rights, and participants or values it refuses.
// Seeded with participants by hand or from a registrations CSV, so that a demo and the equivalence
// test share data.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "sandbox/service.h"

namespace racesync::sandbox {

// What it answers:
// - POST /api/public/login, form body apikey=KEY: 200 with a session id as plain text; a wrong or
//   missing key 401 {"Error": "..."}.
// - GET /api/public/logout with "Authorization: Bearer SESSION": 200, the session is gone.
// - GET /_EVENT/api/data/list?fields=["A","B"]&filter=EXPR&listFormat=JSON: 200 with an array of
//   arrays, one per matching participant in the order added, values in `fields` order as seeded
//   (a number stays a number, a string a string; a field a participant lacks is ""). No or an
//   unknown session: 401 {"Error": ...}; another event: 404; fields not a JSON array of strings or
//   an unsupported filter: 400.
// Filters: "" (everyone), or conditions [Field]=value or [Field]<>value joined by AND (any case)
// where value is a number (123) or a double-quoted string ("10 km", "" inside for a quote), e.g.
// [Contest]=1, [Contest.Name]="10 km" AND [Sex]="f". Values compare as text. Nothing else.
// - POST /_EVENT/api/part/savevaluearray?noHistory=BOOL, body a JSON array of {"PID": n or "Bib":
// n,
//   "FieldName": "...", "Value": ...}: all or nothing (ASSUMED), 200 "" once every value is held
//   (data/list then returns it). No or an unknown session: 401; a session of a key without write
//   rights: 403; a body that is not such an array: 400; a participant not found, refused
//   (refuseParticipant) or a value refused (refuseValue): 400 {"Error": ...}, nothing written.
class RaceResultSandbox : public Service {
 public:
  // One participant: RACE RESULT field name -> value (a string, or an integer or floating number).
  using Participant = std::map<std::string, Poco::Dynamic::Var>;

  // Accepts `apiKey` for logins and serves the event `eventId`.
  RaceResultSandbox(std::string apiKey, std::string eventId);

  // One value a savevaluearray call wrote: the participant's ID, the field and the value as text.
  struct SavedValue {
    std::string id;
    std::string field;
    std::string value;
  };

  bool handles(const std::string& path) const override;
  Response handle(const Request& request) override;

  void addParticipant(Participant participant);
  void setParticipants(std::vector<Participant> participants);
  // Accepts `apiKey` for logins too, but its sessions may only read: writes answer 403.
  void addReadOnlyKey(const std::string& apiKey);
  // Writes naming this participant (by ID) answer 400 "participant ... is locked".
  void refuseParticipant(const std::string& id);
  // Writes of this value answer 400 "value ... is not valid".
  void refuseValue(const std::string& value);
  // The participants as held now, written values included.
  std::vector<Participant> participants() const;
  // The value of `field` of the participant with this ID as text ("" when it has none).
  std::string valueOf(const std::string& id, const std::string& field) const;
  // savevaluearray calls answered (any status), and the values of those that were saved.
  int saveCalls() const;
  std::vector<SavedValue> savedValues() const;
  // The noHistory parameter of the last savevaluearray call.
  std::string lastNoHistory() const;

  // Ends every open session on the server's side: the next call with one answers 401.
  void expireSessions();
  // Sessions logged in and not yet logged out or expired.
  int openSessions() const;
  // Successful logins so far.
  int logins() const;
  // The `fields` and `filter` parameters of the last data/list call.
  std::string lastFields() const;
  std::string lastFilter() const;

  const std::string& eventId() const { return eventId_; }

 private:
  Response login(const Request& request);
  Response list(const Request& request);
  Response saveValues(const Request& request);
  // "PID 1001" / "Bib 12" -> the participant, for one savevaluearray call.
  using Index = std::map<std::string, Participant*>;
  // The participant a savevaluearray item names, or nullptr; `why` says what is wrong.
  Participant* participantFor(const Poco::Dynamic::Var& item, const Index& index, std::string& why);
  bool authorised(const Request& request) const;

  std::string apiKey_;
  std::set<std::string> readOnlyKeys_;
  std::set<std::string> readOnlySessions_;
  std::set<std::string> refusedParticipants_;
  std::set<std::string> refusedValues_;
  std::vector<SavedValue> saved_;
  int saveCalls_ = 0;
  std::string lastNoHistory_;
  std::string eventId_;
  mutable std::mutex mutex_;
  std::vector<Participant> participants_;
  std::set<std::string> sessions_;
  int logins_ = 0;
  std::string lastFields_;
  std::string lastFilter_;
};

// The participants of a UTF-8 registrations CSV, read with the import's CsvReader (first line the
// header), as RACE RESULT would hold them. Headers map case-insensitively, ignoring spaces, '_' and
// '-': registration id/id/order id -> ID, bib/start number -> Bib, first name -> FirstName, last
// name -> LastName, email/e-mail -> Email, race/contest/distance -> Contest.Name (and Contest,
// numbered 1, 2, ... in order of appearance), gender/sex -> Sex, birth date/date of birth/dob ->
// DateOfBirth, team/club -> Club, country/nation -> Nation.IOC; other columns keep their header
// as field name. ID and Bib made only of digits become numbers, an empty Bib 0. Throws
// Poco::FileNotFoundException when `path` cannot be read.
std::vector<RaceResultSandbox::Participant> participantsFromCsv(const std::string& path);

}  // namespace racesync::sandbox
