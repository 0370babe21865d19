#include "sandbox/service_router.h"

#include <Poco/URI.h>

#include <algorithm>

namespace racesync::sandbox {

void ServiceRouter::add(std::shared_ptr<Service> service) {
  std::lock_guard<std::mutex> lock(mutex_);
  services_.push_back(std::move(service));
}

void ServiceRouter::observe(RequestObserver observer) {
  std::lock_guard<std::mutex> lock(mutex_);
  observer_ = std::move(observer);
}

Served ServiceRouter::serve(const Request& request) {
  RequestObserver observer;
  std::shared_ptr<Service> service;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.emplace_back(request.method, request.path);
    observer = observer_;
    for (const auto& candidate : services_) {
      if (candidate->handles(request.path)) {
        service = candidate;
        break;
      }
    }
  }
  if (observer) observer(request);
  Served served;
  if (!service) {
    served.response = Response::json(404,
                                     "{\"error\": {\"code\": \"not_found\", \"message\": \"no "
                                     "simulated service answers this path\"}}");
    return served;
  }
  FaultSwitches::Decision decision = service->faults().decide(request.path);
  if (decision.fail) {
    served.response = Response::json(decision.status, decision.body);
    return served;
  }
  served.response = service->handle(request);
  served.delayMs = decision.delayMs;
  served.drop = decision.drop;
  if (decision.malform) served.response.body = "{\"data\": [ this is not json";
  return served;
}

std::vector<std::pair<std::string, std::string>> ServiceRouter::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

int ServiceRouter::countRequests(const std::string& method, const std::string& pathPart) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(std::count_if(requests_.begin(), requests_.end(), [&](const auto& r) {
    return r.first == method && r.second.find(pathPart) != std::string::npos;
  }));
}

Request requestOf(const std::string& method, const std::string& pathAndQuery,
                  std::vector<std::pair<std::string, std::string>> headers, std::string body) {
  Request request;
  request.method = method;
  Poco::URI uri(pathAndQuery);
  request.path = uri.getPath();
  request.query = uri.getRawQuery();
  for (const auto& [name, value] : uri.getQueryParameters()) request.params.emplace(name, value);
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}

}  // namespace racesync::sandbox
