#include "core/raceresult/raceresult_client.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberFormatter.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <cmath>
#include <sstream>

namespace racesync {

namespace {

constexpr const char* kLoginPath = "/api/public/login";
constexpr const char* kLogoutPath = "/api/public/logout";
constexpr std::size_t kMaxServerText = 300;

// RFC 3986: everything but the unreserved characters is percent-encoded.
std::string encode(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
  return out;
}

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

RaceResultCell cellOf(const Poco::Dynamic::Var& value) {
  RaceResultCell cell;
  if (value.isEmpty()) return cell;
  if (value.isString()) {
    cell.kind = RaceResultCell::Kind::kString;
    cell.text = value.extract<std::string>();
  } else if (value.isBoolean()) {
    cell.kind = RaceResultCell::Kind::kBoolean;
    cell.text = value.convert<bool>() ? "true" : "false";
  } else if (value.isInteger()) {
    cell.kind = RaceResultCell::Kind::kNumber;
    cell.text = value.isSigned() ? std::to_string(value.convert<Poco::Int64>())
                                 : std::to_string(value.convert<Poco::UInt64>());
  } else if (value.isNumeric()) {
    cell.kind = RaceResultCell::Kind::kNumber;
    cell.text = numberText(value.convert<double>());
  } else {
    // An object or a nested array: kept as its JSON text, so a mapping can still show it.
    cell.kind = RaceResultCell::Kind::kOther;
    cell.text = value.toString();
  }
  return cell;
}

bool refusal(int status) { return status == 401 || status == 403; }

}  // namespace

std::vector<RaceResultRow> parseRaceResultList(const std::string& body, const std::string& where) {
  Poco::Dynamic::Var parsed;
  try {
    parsed = Poco::JSON::Parser().parse(body);
  } catch (const Poco::Exception& e) {
    throw RemoteError(where + ": the answer is not JSON: " + e.message());
  }
  Poco::JSON::Array::Ptr rows = parsed.type() == typeid(Poco::JSON::Array::Ptr)
                                    ? parsed.extract<Poco::JSON::Array::Ptr>()
                                    : nullptr;
  if (!rows) throw RemoteError(where + ": the answer is not a list of rows");
  std::vector<RaceResultRow> result;
  result.reserve(rows->size());
  for (std::size_t i = 0; i < rows->size(); ++i) {
    Poco::JSON::Array::Ptr cells = rows->getArray(static_cast<unsigned>(i));
    if (!cells) {
      throw RemoteError(where + ": row " + std::to_string(i + 1) + " of the answer is not a list");
    }
    RaceResultRow row;
    row.reserve(cells->size());
    for (std::size_t j = 0; j < cells->size(); ++j) {
      row.push_back(cellOf(cells->get(static_cast<unsigned>(j))));
    }
    result.push_back(std::move(row));
  }
  return result;
}

RaceResultClient::RaceResultClient(HttpTransport& http, RaceResultOptions options,
                                   std::string apiKey)
    : http_(http), options_(std::move(options)), apiKey_(std::move(apiKey)) {
  while (!options_.baseUrl.empty() && options_.baseUrl.back() == '/') options_.baseUrl.pop_back();
}

std::string RaceResultClient::url(const std::string& path) const { return options_.baseUrl + path; }

std::string RaceResultClient::serverText(const std::string& body) const {
  std::string text;
  try {
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(body);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
      auto object = parsed.extract<Poco::JSON::Object::Ptr>();
      if (object->has("Error")) text = object->getValue<std::string>("Error");
    }
  } catch (const Poco::Exception&) {
    // Not JSON (or no string "Error"): the body is the message, as the vendor's client reads it.
  }
  if (text.empty()) text = body;
  // One line, bounded, and never the key even if a server echoes it back.
  std::string line;
  for (char c : text) {
    bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (line.empty() || line.back() == ' ')) continue;
    line += space ? ' ' : c;
  }
  line = Poco::trimRight(line);
  if (!apiKey_.empty()) Poco::replaceInPlace(line, apiKey_, std::string("<key>"));
  if (line.size() > kMaxServerText) line = line.substr(0, kMaxServerText) + "...";
  return line.empty() ? "(empty answer)" : line;
}

void RaceResultClient::fail(const std::string& where, const HttpResponse& response,
                            bool refused) const {
  std::string message =
      where + ": HTTP " + std::to_string(response.status) + " " + serverText(response.body);
  if (refused) {
    throw RemoteError(message + ": RACE RESULT refused the API key in " + kKeyVariable +
                      ": make a new key in RACE RESULT under Account Access, API Keys, and export "
                      "it as " +
                      kKeyVariable);
  }
  if (response.status == 429 || response.status >= 500) {
    throw TemporaryError(message + ": RACE RESULT is unavailable: run again later");
  }
  throw RemoteError(message);
}

HttpResponse RaceResultClient::exchange(HttpRequest request) {
  request.timeoutMs = options_.timeoutMs;
  try {
    return http_.send(request);
  } catch (const TransportError& e) {
    // Nothing reached the server: a wrong base_url or no network, which a re-run will not fix.
    // A timeout or a dropped answer stays a TemporaryError (exit 75).
    if (e.failure() == TransportFailure::kConnect) {
      throw RemoteError(e.message() + ": check raceresult.base_url");
    }
    throw;
  }
}

void RaceResultClient::login() {
  std::string where = std::string("POST ") + kLoginPath;
  HttpRequest request;
  request.method = "POST";
  request.url = url(kLoginPath);
  request.contentType = "application/x-www-form-urlencoded";
  request.body = "apikey=" + encode(apiKey_);
  HttpResponse response = exchange(request);
  ++logins_;
  if (response.status != 200) fail(where, response, refusal(response.status));
  std::string session = Poco::trim(response.body);
  if (session.size() >= 2 && session.front() == '"' && session.back() == '"') {
    session = session.substr(1, session.size() - 2);
  }
  if (session.empty()) throw RemoteError(where + ": HTTP 200 without a session id");
  session_ = session;
}

std::vector<RaceResultRow> RaceResultClient::list(const std::vector<std::string>& fields,
                                                  const std::string& filter) {
  std::string path = "/_" + encode(options_.eventId) + "/api/data/list";
  std::string where = "GET " + path;
  HttpRequest request;
  request.url = url(path) + "?fields=" + encode(jsonArray(fields)) + "&filter=" + encode(filter) +
                "&listFormat=JSON";
  if (session_.empty()) login();
  for (int attempt = 0;; ++attempt) {
    request.headers = {{"Authorization", "Bearer " + session_}};
    HttpResponse response = exchange(request);
    if (response.status == 200) return parseRaceResultList(response.body, where);
    if (!refusal(response.status)) fail(where, response, false);
    session_.clear();
    if (attempt > 0) fail(where, response, true);
    login();  // the session may simply have expired: one fresh login
  }
}

std::string RaceResultClient::logout() {
  if (session_.empty()) return "";
  std::string where = std::string("GET ") + kLogoutPath;
  HttpRequest request;
  request.url = url(kLogoutPath);
  request.headers = {{"Authorization", "Bearer " + session_}};
  request.timeoutMs = options_.timeoutMs;
  session_.clear();
  try {
    HttpResponse response = http_.send(request);
    if (response.status == 200) return "";
    return where + ": HTTP " + std::to_string(response.status) + " " + serverText(response.body);
  } catch (const TransportError& e) {
    return e.message();
  }
}

}  // namespace racesync
