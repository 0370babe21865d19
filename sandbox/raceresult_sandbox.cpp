#include "sandbox/raceresult_sandbox.h"

#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/base/csv_reader.h"

namespace racesync::sandbox {

namespace {

constexpr const char* kLoginPath = "/api/public/login";
constexpr const char* kLogoutPath = "/api/public/logout";

Response error(int status, const std::string& message) {
  Poco::JSON::Object body;
  body.set("Error", message);
  std::ostringstream out;
  body.stringify(out);
  return Response::json(status, out.str());
}

// The value of `name` in an application/x-www-form-urlencoded body.
std::string formValue(const std::string& body, const std::string& name) {
  std::istringstream pairs(body);
  std::string pair;
  while (std::getline(pairs, pair, '&')) {
    std::string key = pair.substr(0, pair.find('='));
    if (key != name) continue;
    std::string value = pair.find('=') == std::string::npos ? "" : pair.substr(pair.find('=') + 1);
    std::replace(value.begin(), value.end(), '+', ' ');
    std::string decoded;
    Poco::URI::decode(value, decoded);
    return decoded;
  }
  return "";
}

std::string text(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return "";
  if (value.isInteger()) return std::to_string(value.convert<Poco::Int64>());
  return value.convert<std::string>();
}

struct Condition {
  std::string field;
  bool equal = true;
  std::string value;
};

// Parses the supported filter subset (see the header); false when `filter` is outside it.
bool parseFilter(const std::string& filter, std::vector<Condition>& conditions) {
  std::size_t i = 0;
  auto skipSpace = [&] {
    while (i < filter.size() && std::isspace(static_cast<unsigned char>(filter[i]))) ++i;
  };
  skipSpace();
  if (i == filter.size()) return true;
  for (;;) {
    Condition condition;
    if (filter[i] != '[') return false;
    std::size_t close = filter.find(']', i);
    if (close == std::string::npos) return false;
    condition.field = filter.substr(i + 1, close - i - 1);
    i = close + 1;
    skipSpace();
    if (filter.compare(i, 2, "<>") == 0) {
      condition.equal = false;
      i += 2;
    } else if (i < filter.size() && filter[i] == '=') {
      ++i;
    } else {
      return false;
    }
    skipSpace();
    if (i < filter.size() && filter[i] == '"') {
      for (++i;; ++i) {
        if (i >= filter.size()) return false;
        if (filter[i] == '"') {
          if (i + 1 < filter.size() && filter[i + 1] == '"') {
            condition.value += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        condition.value += filter[i];
      }
    } else {
      std::size_t start = i;
      while (i < filter.size() && (std::isdigit(static_cast<unsigned char>(filter[i])) ||
                                   filter[i] == '.' || filter[i] == '-')) {
        ++i;
      }
      if (i == start) return false;
      condition.value = filter.substr(start, i - start);
    }
    conditions.push_back(condition);
    skipSpace();
    if (i == filter.size()) return true;
    if (Poco::icompare(filter.substr(i, 3), "and") != 0) return false;
    i += 3;
    skipSpace();
    if (i == filter.size()) return false;
  }
}

}  // namespace

RaceResultSandbox::RaceResultSandbox(std::string apiKey, std::string eventId)
    : apiKey_(std::move(apiKey)), eventId_(std::move(eventId)) {}

bool RaceResultSandbox::handles(const std::string& path) const {
  if (path.rfind("/api/public/", 0) == 0) return true;
  // Event calls: /_<eventId>/api/...
  return path.rfind("/_", 0) == 0 && path.find("/api/") != std::string::npos;
}

Response RaceResultSandbox::handle(const Request& request) {
  if (request.path == kLoginPath) {
    if (request.method != "POST") return error(405, "login takes a POST");
    return login(request);
  }
  if (request.path == kLogoutPath) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string authorization = request.header("Authorization");
    if (authorization.rfind("Bearer ", 0) == 0) sessions_.erase(authorization.substr(7));
    return Response::text(200, "");
  }
  if (request.path == "/_" + eventId_ + "/api/data/list") return list(request);
  if (request.path == "/_" + eventId_ + "/api/part/savevaluearray") {
    if (request.method != "POST") return error(405, "savevaluearray takes a POST");
    return saveValues(request);
  }
  if (request.path.rfind("/_" + eventId_ + "/", 0) == 0) {
    return error(404, "unknown function " + request.path);
  }
  return error(404, "event not found");
}

Response RaceResultSandbox::login(const Request& request) {
  std::string key = formValue(request.body, "apikey");
  std::lock_guard<std::mutex> lock(mutex_);
  bool readOnly = readOnlyKeys_.count(key) > 0;
  if (key.empty() || (key != apiKey_ && !readOnly)) return error(401, "invalid API key");
  ++logins_;
  // Session ids look nothing like the key, so a leak of either is told apart in tests.
  std::string session = "rrsession-" + std::to_string(1000 + logins_);
  sessions_.insert(session);
  if (readOnly) readOnlySessions_.insert(session);
  return Response::text(200, session);
}

bool RaceResultSandbox::authorised(const Request& request) const {
  std::string authorization = request.header("Authorization");
  if (authorization.rfind("Bearer ", 0) != 0) return false;
  return sessions_.count(authorization.substr(7)) > 0;
}

Response RaceResultSandbox::list(const Request& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  lastFields_ = request.param("fields");
  lastFilter_ = request.param("filter");
  if (!authorised(request)) return error(401, "session expired or invalid: log in again");

  std::vector<std::string> fields;
  try {
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(lastFields_);
    if (parsed.type() != typeid(Poco::JSON::Array::Ptr)) throw Poco::DataFormatException();
    auto array = parsed.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      fields.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    }
  } catch (const Poco::Exception&) {
    return error(400, "fields must be a JSON array of field names");
  }
  std::vector<Condition> conditions;
  if (!parseFilter(lastFilter_, conditions)) {
    return error(400, "sandbox: filter '" + lastFilter_ +
                          "' is not supported: use [Field]=value or [Field]<>value joined by AND");
  }

  Poco::JSON::Array rows;
  for (const auto& participant : participants_) {
    bool match = std::all_of(conditions.begin(), conditions.end(), [&](const Condition& c) {
      auto value = participant.find(c.field);
      std::string have = value == participant.end() ? "" : text(value->second);
      return (have == c.value) == c.equal;
    });
    if (!match) continue;
    Poco::JSON::Array::Ptr row = new Poco::JSON::Array;  // Ptr owns it
    for (const auto& field : fields) {
      auto value = participant.find(field);
      row->add(value == participant.end() ? Poco::Dynamic::Var(std::string()) : value->second);
    }
    rows.add(row);
  }
  std::ostringstream out;
  rows.stringify(out);
  return Response::json(200, out.str());
}

RaceResultSandbox::Participant* RaceResultSandbox::participantFor(const Poco::Dynamic::Var& item,
                                                                  const Index& index,
                                                                  std::string& why) {
  Poco::JSON::Object::Ptr object = item.extract<Poco::JSON::Object::Ptr>();
  bool byBib = object->has("Bib");
  if (!byBib && !object->has("PID")) {
    why = "each item needs PID or Bib";
    return nullptr;
  }
  const std::string name = byBib ? "Bib" : "PID";
  std::string wanted = name + " " + text(object->get(name));
  auto found = index.find(wanted);
  if (found == index.end()) {
    why = "participant with " + wanted + " not found";
    return nullptr;
  }
  Participant& participant = *found->second;
  if (refusedParticipants_.count(text(participant["ID"]))) {
    why = "participant " + text(participant["ID"]) + " is locked";
    return nullptr;
  }
  return &participant;
}

Response RaceResultSandbox::saveValues(const Request& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++saveCalls_;
  lastNoHistory_ = request.param("noHistory");
  if (!authorised(request)) return error(401, "session expired or invalid: log in again");
  if (readOnlySessions_.count(request.header("Authorization").substr(7))) {
    return error(403, "no rights to change participants");
  }
  Poco::JSON::Array::Ptr items;
  try {
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(request.body);
    items = parsed.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < items->size(); ++i) {
      Poco::JSON::Object::Ptr item = items->getObject(static_cast<unsigned>(i));
      if (!item || !item->has("FieldName")) throw Poco::DataFormatException();
    }
  } catch (const Poco::Exception&) {
    return error(400, "the body must be a JSON array of {PID or Bib, FieldName, Value}");
  }
  // "PID 1001" and "Bib 12" -> participant (the first with that bib).
  Index index;
  for (auto& participant : participants_) {
    for (const auto& [field, name] :
         {std::pair<const char*, const char*>{"ID", "PID"}, {"Bib", "Bib"}}) {
      auto value = participant.find(field);
      if (value != participant.end())
        index.emplace(std::string(name) + " " + text(value->second), &participant);
    }
  }
  // All or nothing: every item is checked before any is written.
  std::vector<std::pair<Participant*, SavedValue>> writes;
  for (std::size_t i = 0; i < items->size(); ++i) {
    Poco::Dynamic::Var item = items->get(static_cast<unsigned>(i));
    std::string why;
    Participant* participant = participantFor(item, index, why);
    if (!participant) return error(400, why);
    auto object = item.extract<Poco::JSON::Object::Ptr>();
    SavedValue value{text((*participant)["ID"]), text(object->get("FieldName")),
                     text(object->get("Value"))};
    if (refusedValues_.count(value.value)) {
      return error(400, "value '" + value.value + "' is not valid for field " + value.field);
    }
    writes.emplace_back(participant, value);
  }
  for (auto& [participant, value] : writes) {
    (*participant)[value.field] = value.value;
    saved_.push_back(value);
  }
  return Response::text(200, "");
}

void RaceResultSandbox::addReadOnlyKey(const std::string& apiKey) {
  std::lock_guard<std::mutex> lock(mutex_);
  readOnlyKeys_.insert(apiKey);
}

void RaceResultSandbox::refuseParticipant(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  refusedParticipants_.insert(id);
}

void RaceResultSandbox::refuseValue(const std::string& value) {
  std::lock_guard<std::mutex> lock(mutex_);
  refusedValues_.insert(value);
}

std::vector<RaceResultSandbox::Participant> RaceResultSandbox::participants() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return participants_;
}

std::string RaceResultSandbox::valueOf(const std::string& id, const std::string& field) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& participant : participants_) {
    auto found = participant.find("ID");
    if (found == participant.end() || text(found->second) != id) continue;
    auto value = participant.find(field);
    return value == participant.end() ? "" : text(value->second);
  }
  return "";
}

int RaceResultSandbox::saveCalls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return saveCalls_;
}

std::vector<RaceResultSandbox::SavedValue> RaceResultSandbox::savedValues() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return saved_;
}

std::string RaceResultSandbox::lastNoHistory() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lastNoHistory_;
}

void RaceResultSandbox::addParticipant(Participant participant) {
  std::lock_guard<std::mutex> lock(mutex_);
  participants_.push_back(std::move(participant));
}

void RaceResultSandbox::setParticipants(std::vector<Participant> participants) {
  std::lock_guard<std::mutex> lock(mutex_);
  participants_ = std::move(participants);
}

void RaceResultSandbox::expireSessions() {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.clear();
}

int RaceResultSandbox::openSessions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(sessions_.size());
}

int RaceResultSandbox::logins() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return logins_;
}

std::string RaceResultSandbox::lastFields() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lastFields_;
}

std::string RaceResultSandbox::lastFilter() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lastFilter_;
}

namespace {

std::string headerKey(const std::string& header) {
  std::string key;
  for (char c : header) {
    if (c == ' ' || c == '_' || c == '-') continue;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

std::string fieldForHeader(const std::string& header) {
  static const std::map<std::string, std::string> kFields = {
      {"registrationid", "ID"},
      {"id", "ID"},
      {"orderid", "ID"},
      {"bib", "Bib"},
      {"startnumber", "Bib"},
      {"firstname", "FirstName"},
      {"lastname", "LastName"},
      {"email", "Email"},
      {"race", "Contest.Name"},
      {"contest", "Contest.Name"},
      {"distance", "Contest.Name"},
      {"gender", "Sex"},
      {"sex", "Sex"},
      {"birthdate", "DateOfBirth"},
      {"dateofbirth", "DateOfBirth"},
      {"dob", "DateOfBirth"},
      {"team", "Club"},
      {"club", "Club"},
      {"country", "Nation.IOC"},
      {"nation", "Nation.IOC"},
  };
  auto it = kFields.find(headerKey(header));
  return it == kFields.end() ? Poco::trim(header) : it->second;
}

Poco::Dynamic::Var numberOrText(const std::string& value) {
  Poco::Int64 number = 0;
  bool plain =
      !value.empty() && value.size() < 16 &&
      std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  if (plain && Poco::NumberParser::tryParse64(value, number)) return number;
  return value;
}

}  // namespace

std::vector<RaceResultSandbox::Participant> participantsFromCsv(const std::string& path) {
  Poco::FileInputStream file(path);
  std::string bytes;
  Poco::StreamCopier::copyToString(file, bytes);
  if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) bytes.erase(0, 3);
  std::istringstream stream(bytes);
  CsvReader csv(stream);
  std::vector<RaceResultSandbox::Participant> participants;
  std::vector<std::string> headers;
  if (!csv.readHeader(headers)) return participants;
  std::vector<std::string> fields;
  for (const auto& header : headers) fields.push_back(fieldForHeader(header));
  std::map<std::string, Poco::Int64> contests;
  std::vector<std::string> record;
  while (csv.next(record)) {
    if (record.empty()) continue;  // a blank line
    RaceResultSandbox::Participant participant;
    for (std::size_t c = 0; c < fields.size(); ++c) {
      std::string value = c < record.size() ? record[c] : "";
      if (fields[c] == "ID" || fields[c] == "Bib") {
        participant[fields[c]] = numberOrText(Poco::trim(value));
      } else {
        participant[fields[c]] = value;
      }
    }
    auto bib = participant.find("Bib");
    if (bib == participant.end() || text(bib->second).empty()) participant["Bib"] = Poco::Int64(0);
    auto race = participant.find("Contest.Name");
    std::string raceName = race == participant.end() ? "" : text(race->second);
    auto contest = contests.emplace(raceName, static_cast<Poco::Int64>(contests.size() + 1));
    participant["Contest"] = contest.first->second;
    participants.push_back(std::move(participant));
  }
  return participants;
}

}  // namespace racesync::sandbox
