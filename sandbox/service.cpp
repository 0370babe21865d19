#include "sandbox/service.h"

#include <Poco/String.h>

namespace racesync::sandbox {

std::string Request::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (Poco::icompare(key, name) == 0) return value;
  }
  return "";
}

std::string Request::param(const std::string& name, const std::string& fallback) const {
  auto it = params.find(name);
  return it == params.end() ? fallback : it->second;
}

Response Response::json(int status, const std::string& body) {
  Response response;
  response.status = status;
  response.body = body;
  return response;
}

Response Response::text(int status, const std::string& body) {
  Response response;
  response.status = status;
  response.contentType = "text/plain; charset=utf-8";
  response.body = body;
  return response;
}

void FaultSwitches::failNext(int count, int status, const std::string& body,
                             const std::string& pathPart) {
  std::lock_guard<std::mutex> lock(mutex_);
  failures_.push_back({count, status, body, pathPart});
}

void FaultSwitches::delay(int ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  delayMs_ = ms;
}

void FaultSwitches::dropAfterHandling(int count, const std::string& pathPart) {
  std::lock_guard<std::mutex> lock(mutex_);
  drops_.push_back({count, 0, "", pathPart});
}

void FaultSwitches::malformNext(int count, const std::string& pathPart) {
  std::lock_guard<std::mutex> lock(mutex_);
  malforms_.push_back({count, 0, "", pathPart});
}

void FaultSwitches::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  failures_.clear();
  drops_.clear();
  malforms_.clear();
  delayMs_ = 0;
}

namespace {

// Takes one use of the first matching rule with uses left; returns it, or null.
template <class Rule>
const Rule* consume(std::vector<Rule>& rules, const std::string& path) {
  for (auto& rule : rules) {
    if (rule.remaining > 0 && path.find(rule.pathPart) != std::string::npos) {
      --rule.remaining;
      return &rule;
    }
  }
  return nullptr;
}

}  // namespace

FaultSwitches::Decision FaultSwitches::decide(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  Decision decision;
  decision.delayMs = delayMs_;
  if (const Rule* failure = consume(failures_, path)) {
    decision.fail = true;
    decision.status = failure->status;
    decision.body = failure->body;
    return decision;
  }
  decision.drop = consume(drops_, path) != nullptr;
  decision.malform = consume(malforms_, path) != nullptr;
  return decision;
}

}  // namespace racesync::sandbox
