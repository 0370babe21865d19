// What every way of reaching the sandbox shares: the services in the order they were added, the
// log of requests, the observer, and how one request is answered with the service's fault
// switches applied. SandboxServer carries it over loopback HTTP, InProcessTransport without
// sockets.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/service.h"

namespace racesync::sandbox {

// How a request was answered, and what the carrier must still do before handing the answer on.
struct Served {
  Response response;
  int delayMs = 0;    // the work is done; the answer is due this much later
  bool drop = false;  // the work is done; the answer is never sent
};

class ServiceRouter {
 public:
  // Services are tried in the order they were added; the first whose handles() is true answers.
  void add(std::shared_ptr<Service> service);
  void observe(RequestObserver observer);

  // Records `request`, tells the observer (outside any lock, so it may call back), and has the
  // first service that handles its path answer it, its fault switches applied: failNext answers
  // without handling, malformNext spoils the body, delay and dropAfterHandling are left to the
  // carrier in Served. 404 when no service handles the path. Thread-safe.
  Served serve(const Request& request);

  // The requests seen so far (method and path), for assertions.
  std::vector<std::pair<std::string, std::string>> requests() const;
  int countRequests(const std::string& method, const std::string& pathPart) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Service>> services_;
  RequestObserver observer_;
  std::vector<std::pair<std::string, std::string>> requests_;
};

// A Request from a method, a URI's path and query ("/api/x?a=1", the query optional), headers and
// body: the path and parameters decoded, the raw query kept.
Request requestOf(const std::string& method, const std::string& pathAndQuery,
                  std::vector<std::pair<std::string, std::string>> headers, std::string body);

}  // namespace racesync::sandbox
