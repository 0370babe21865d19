#include "core/raceresult/raceresult_client.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberFormatter.h>
#include <Poco/String.h>

#include <cmath>
#include <sstream>

#include "core/base/percent_encoding.h"
#include "core/net/rate_pacer.h"

namespace racesync {

namespace {

constexpr const char* kLoginPath = "/api/public/login";
constexpr const char* kLogoutPath = "/api/public/logout";
constexpr std::size_t kMaxServerText = 300;

std::string jsonArray(const std::vector<std::string>& items) {
  Poco::JSON::Array array;
  for (const auto& item : items) array.add(item);
  std::ostringstream out;
  array.stringify(out);
  return out.str();
}

std::string numberText(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  return Poco::NumberFormatter::format(value);
}

RaceResultCell cellOf(const JsonField& value) {
  RaceResultCell cell;
  if (value.isNull()) return cell;
  if (value.isString()) {
    cell.kind = RaceResultCell::Kind::kString;
    cell.text = value.text();
  } else if (value.isBoolean()) {
    cell.kind = RaceResultCell::Kind::kBoolean;
    cell.text = value.text();
  } else if (value.isInteger()) {
    cell.kind = RaceResultCell::Kind::kNumber;
    cell.text = value.text();
  } else if (value.isNumber()) {
    cell.kind = RaceResultCell::Kind::kNumber;
    cell.text = numberText(value.number());
  } else {
    // An object or a nested array: kept as its JSON text, so a mapping can still show it.
    cell.kind = RaceResultCell::Kind::kOther;
    cell.text = value.jsonText();
  }
  return cell;
}

ServiceOptions serviceOptions(const RaceResultOptions& options) {
  ServiceOptions service;
  service.service = "raceresult";
  service.baseUrl = options.baseUrl;
  service.timeoutMs = options.timeoutMs;
  // Nothing reached the server: a wrong base_url or no network, which a re-run will not fix.
  service.unreachableFix = ": check raceresult.base_url";
  return service;
}

bool refusal(int status) { return status == 401 || status == 403; }

}  // namespace

std::string saveValuesBody(const std::vector<SaveValueItem>& items) {
  Poco::JSON::Array array;
  for (const auto& item : items) {
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;  // the Ptr owns it
    entry->set(item.byBib ? "Bib" : "PID", static_cast<Poco::Int64>(item.participant));
    entry->set("FieldName", item.field);
    entry->set("Value", item.value);
    array.add(entry);
  }
  std::ostringstream out;
  array.stringify(out);
  return out.str();
}

std::vector<RaceResultRow> parseRaceResultList(const std::string& body, const std::string& where) {
  JsonField answer;
  std::string why;
  if (!JsonField::parse(where, body, nullptr, answer, why)) {
    throw RemoteError(where + ": the answer is not JSON: " + why);
  }
  return raceResultRows(answer, where);
}

std::vector<RaceResultRow> raceResultRows(const JsonField& answer, const std::string& where) {
  if (!answer.isArray()) throw RemoteError(where + ": the answer is not a list of rows");
  std::vector<RaceResultRow> result;
  result.reserve(answer.size());
  for (std::size_t i = 0; i < answer.size(); ++i) {
    JsonField cells = answer.at(i);
    if (!cells.isArray()) {
      throw RemoteError(where + ": row " + std::to_string(i + 1) + " of the answer is not a list");
    }
    RaceResultRow row;
    row.reserve(cells.size());
    for (std::size_t j = 0; j < cells.size(); ++j) row.push_back(cellOf(cells.at(j)));
    result.push_back(std::move(row));
  }
  return result;
}

RaceResultClient::RaceResultClient(HttpTransport& http, RaceResultOptions options,
                                   std::string apiKey)
    : options_(std::move(options)),
      apiKey_(std::move(apiKey)),
      http_(http, nullptr, serviceOptions(options_)) {
  http_.addSecret(apiKey_);
}

std::string RaceResultClient::serverText(const std::string& body) const {
  std::string text;
  JsonField answer;
  std::string why;
  if (JsonField::parse("", body, nullptr, answer, why) && answer.isObject()) {
    text = answer.field("Error").scalarText();
  }
  // Not JSON (or no text "Error"): the body is the message, as the vendor's client reads it.
  if (text.empty()) text = body;
  // One line, bounded, and never a secret even if a server echoes it back (scrubbed before it
  // is cut short, so that no part of one is left).
  std::string line;
  for (char c : http_.scrub(text)) {
    bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (line.empty() || line.back() == ' ')) continue;
    line += space ? ' ' : c;
  }
  line = Poco::trimRight(line);
  if (line.size() > kMaxServerText) line = line.substr(0, kMaxServerText) + "...";
  return line.empty() ? "(empty answer)" : line;
}

void RaceResultClient::fail(const std::string& where, const HttpResponse& response, bool refused,
                            const std::string& why) const {
  std::string message =
      where + ": HTTP " + std::to_string(response.status) + " " + serverText(response.body);
  if (refused) {
    throw RemoteError(message + ": RACE RESULT refused the API key in " + kKeyVariable + why +
                      ": make a new key in RACE RESULT under Account Access, API Keys, and export "
                      "it as " +
                      kKeyVariable);
  }
  if (response.status == 429 || response.status >= 500) {
    throw TemporaryError(message + ": RACE RESULT is unavailable: run again later");
  }
  throw RemoteError(message);
}

Call RaceResultClient::withSession(Call call) const {
  call.headers = {{"Authorization", "Bearer " + session_}};
  return call;
}

void RaceResultClient::login() {
  http_.guarded([&] { loginNow(); });
}

void RaceResultClient::loginNow() {
  Call call;
  call.method = "POST";
  call.target = kLoginPath;
  call.contentType = "application/x-www-form-urlencoded";
  call.body = "apikey=" + percentEncode(apiKey_);
  Reply reply = http_.send(call);
  ++logins_;
  const std::string where = HttpClient::nameOf(call);
  if (reply.response.status != 200) fail(where, reply.response, refusal(reply.response.status));
  std::string session = Poco::trim(reply.response.body);
  if (session.size() >= 2 && session.front() == '"' && session.back() == '"') {
    session = session.substr(1, session.size() - 2);
  }
  if (session.empty()) throw RemoteError(where + ": HTTP 200 without a session id");
  http_.addSecret(session);
  session_ = session;
}

std::vector<RaceResultRow> RaceResultClient::list(const std::vector<std::string>& fields,
                                                  const std::string& filter) {
  return http_.guarded([&] { return listNow(fields, filter); });
}

std::vector<RaceResultRow> RaceResultClient::listNow(const std::vector<std::string>& fields,
                                                     const std::string& filter) {
  Call call;
  call.target = "/_" + percentEncode(options_.eventId) + "/api/data/list";
  const std::string where = HttpClient::nameOf(call);
  call.target += "?fields=" + percentEncode(jsonArray(fields)) +
                 "&filter=" + percentEncode(filter) + "&listFormat=JSON";
  call.expect = Expect::kJson;
  if (session_.empty()) loginNow();
  for (int attempt = 0;; ++attempt) {
    Reply reply = http_.send(withSession(call));
    if (reply.response.status == 200) {
      if (!reply.malformed.empty()) {
        throw RemoteError(where + ": the answer is not JSON: " + reply.malformed);
      }
      return raceResultRows(reply.json, where);
    }
    if (!refusal(reply.response.status)) fail(where, reply.response, false);
    session_.clear();
    if (attempt > 0) fail(where, reply.response, true);
    loginNow();  // the session may simply have expired: one fresh login
  }
}

void RaceResultClient::pace(RatePacer& pacer) { http_.pace(pacer); }

SaveAnswer RaceResultClient::saveValues(const std::vector<SaveValueItem>& items, bool noHistory) {
  return http_.guarded([&] { return saveNow(items, noHistory); });
}

SaveAnswer RaceResultClient::saveNow(const std::vector<SaveValueItem>& items, bool noHistory) {
  Call call;
  call.method = "POST";
  call.target = "/_" + percentEncode(options_.eventId) + "/api/part/savevaluearray";
  const std::string where = HttpClient::nameOf(call);
  call.target += std::string("?noHistory=") + (noHistory ? "true" : "false");
  call.contentType = "application/json";
  call.body = saveValuesBody(items);
  if (session_.empty()) loginNow();
  for (int attempt = 0;; ++attempt) {
    Reply reply = http_.send(withSession(call));
    const int status = reply.response.status;
    if (status == 200) return SaveAnswer{true, status, ""};
    if (refusal(status)) {
      session_.clear();
      if (attempt > 0) {
        fail(where, reply.response, true,
             "; writing back needs a key that may change participants");
      }
      loginNow();  // the session may simply have expired: one fresh login
      continue;
    }
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      return SaveAnswer{false, status, serverText(reply.response.body)};
    }
    fail(where, reply.response, false);
  }
}

std::string RaceResultClient::logout() {
  if (session_.empty()) return "";
  Call call;
  call.target = kLogoutPath;
  call = withSession(call);
  session_.clear();
  try {
    Reply reply = http_.send(call);
    if (reply.response.status == 200) return "";
    return HttpClient::nameOf(call) + ": HTTP " + std::to_string(reply.response.status) + " " +
           serverText(reply.response.body);
  } catch (const RacesyncError& e) {
    return http_.scrub(e.message());  // the session expires on its own: a note, not an error
  }
}

}  // namespace racesync
