#include "core/net/http_client.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include "core/base/clock.h"
#include "core/net/rate_pacer.h"

namespace racesync {

namespace {

// The user info of a base URL ("user:secret"), which must never be printed; "" when none.
std::string userInfoOf(const std::string& url) {
  try {
    return Poco::URI(url).getUserInfo();
  } catch (const Poco::Exception&) {
    return "";  // not a URL the transport can use either: it says so on the first request
  }
}

}  // namespace

HttpClient::HttpClient(HttpTransport& transport, Clock* clock, ServiceOptions options,
                       std::uint32_t seed)
    : transport_(transport),
      clock_(clock),
      options_(std::move(options)),
      scrubber_(std::make_shared<SecretScrubber>()),
      random_(seed) {
  while (!options_.baseUrl.empty() && options_.baseUrl.back() == '/') options_.baseUrl.pop_back();
  const std::string userInfo = userInfoOf(options_.baseUrl);
  addSecret(userInfo);
  if (userInfo.find(':') != std::string::npos) addSecret(userInfo.substr(userInfo.find(':') + 1));
}

void HttpClient::addSecret(const std::string& secret) { scrubber_->add(secret); }

void HttpClient::setBearer(const std::string& token) {
  addSecret(token);
  bearer_ = token;
}

void HttpClient::pace(RatePacer& pacer) { pacer_ = &pacer; }

std::string HttpClient::nameOf(const Call& call) {
  if (!call.name.empty()) return call.name;
  return call.method + " " + call.target.substr(0, call.target.find('?'));
}

Reply HttpClient::send(const Call& call) { return exchange(call, options_.retry.maxTries); }

Reply HttpClient::sendOnce(const Call& call) { return exchange(call, 1); }

Reply HttpClient::exchange(const Call& call, int maxTries) {
  const HttpRequest request = requestFor(call);
  for (int attempt = 1;; ++attempt) {
    const bool last = attempt >= maxTries;
    if (pacer_) pacer_->acquire();
    ++requests_;
    HttpResponse response;
    try {
      response = transport_.send(request);
    } catch (const TransportError& e) {
      checkFailure(e, last);
      pause(attempt, nullptr);
      continue;
    }
    answered_ = true;
    if (pacer_) adoptLimits(response);
    Reply reply = judge(call, std::move(response));
    reply.tries = attempt;
    reply.gaveUp = RetryPolicy::retriesStatus(reply.response.status) || !reply.malformed.empty();
    if (!reply.gaveUp || last) return reply;
    pause(attempt, &reply.response);
  }
}

HttpRequest HttpClient::requestFor(const Call& call) const {
  HttpRequest request;
  request.method = call.method;
  request.url = options_.baseUrl + call.target;
  request.headers = call.headers;
  if (!bearer_.empty()) request.headers.emplace_back("Authorization", "Bearer " + bearer_);
  request.headers.insert(request.headers.end(), options_.headers.begin(), options_.headers.end());
  request.body = call.body;
  request.contentType = call.contentType;
  request.timeoutMs = options_.timeoutMs;
  request.service = options_.service;
  request.scrubber = scrubber_;
  return request;
}

Reply HttpClient::judge(const Call& call, HttpResponse response) const {
  Reply reply;
  reply.response = std::move(response);
  std::string why;
  if (call.read) {
    if (reply.response.status / 100 == 2 && !call.read(reply.response.body, why)) {
      reply.malformed = why;
    }
    return reply;
  }
  if (call.expect == Expect::kAnything) return reply;
  bool wellFormed = JsonField::parse(nameOf(call), reply.response.body, scrubber_, reply.json, why);
  if (wellFormed && call.expect == Expect::kJsonObject && !reply.json.isObject()) {
    reply.json = JsonField();
    wellFormed = false;
    why = "not a JSON object";
  }
  if (!wellFormed && reply.response.status / 100 == 2) reply.malformed = why;
  return reply;
}

void HttpClient::checkFailure(const TransportError& error, bool last) const {
  const std::string message = scrub(error.message());
  if (error.failure() == TransportFailure::kConnect && !answered_ &&
      !options_.unreachableFix.empty()) {
    throw RemoteError(message + scrub(options_.unreachableFix));
  }
  if (last) throw TransportError(error.failure(), message);
}

void HttpClient::pause(int attempt, const HttpResponse* response) {
  std::int64_t waitMs = -1;
  if (response && response->status == 429) {
    waitMs =
        options_.retry.retryAfterMs(response->header("Retry-After"), clock_ ? clock_->nowMs() : 0);
  }
  if (waitMs < 0) waitMs = options_.retry.backoffMs(attempt, random_);
  if (clock_) clock_->sleepMs(waitMs);
}

void HttpClient::adoptLimits(const HttpResponse& response) {
  int perMinute = pacer_->perMinute();
  int perHour = pacer_->perHour();
  int value = 0;
  if (Poco::NumberParser::tryParse(Poco::trim(response.header("X-RateLimit-Limit-Minute")),
                                   value) &&
      value > 0) {
    perMinute = value;
  }
  if (Poco::NumberParser::tryParse(Poco::trim(response.header("X-RateLimit-Limit-Hour")), value) &&
      value > 0) {
    perHour = value;
  }
  pacer_->setLimits(perMinute, perHour);
}

void HttpClient::rethrowScrubbed(const RacesyncError& error) const {
  const std::string message = scrub(error.message());
  if (message == error.message()) error.rethrow();
  // The same type with the clean text: callers tell failures apart by type (TransportError's
  // kind decides whether a request may have been acted on).
  if (auto transport = dynamic_cast<const TransportError*>(&error)) {
    throw TransportError(transport->failure(), message);
  }
  if (dynamic_cast<const TemporaryError*>(&error)) throw TemporaryError(message);
  if (dynamic_cast<const RemoteError*>(&error)) throw RemoteError(message);
  if (dynamic_cast<const ConfigurationError*>(&error)) throw ConfigurationError(message);
  if (dynamic_cast<const StoreError*>(&error)) throw StoreError(message);
  if (dynamic_cast<const InputError*>(&error)) throw InputError(message);
  if (dynamic_cast<const UsageError*>(&error)) throw UsageError(message);
  throw RacesyncError(message);
}

void HttpClient::rethrowForeign(const Poco::Exception& error) const {
  throw RemoteError(scrub(options_.service + ": unexpected failure (" + error.displayText() +
                          "): report this as a racesync bug"));
}

}  // namespace racesync
