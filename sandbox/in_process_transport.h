// An HttpTransport that hands each request straight to simulated services, without sockets: unit
// tests reach RACEMAP, RaceRanger and RACE RESULT in their own thread, with no port, no server
// thread and no real time. The fault switches work as on the loopback server where they make
// sense: failNext and malformNext answer as there; dropAfterHandling does the work, then throws
// TransportError kDropped; a delay of at least the request's timeout does the work, then throws
// TransportError kTimeout at once (a shorter delay answers at once: nothing ever sleeps).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/net/http_transport.h"
#include "sandbox/service.h"
#include "sandbox/service_router.h"

namespace racesync::sandbox {

class InProcessTransport : public HttpTransport {
 public:
  // Services are tried in the order they were added; the first whose handles() is true answers.
  void add(std::shared_ptr<Service> service);
  // Called for every request before it is handled, in the sender's thread.
  void observe(RequestObserver observer);

  // "http://127.0.0.1:9": where the services pretend to live (nothing listens there). A request
  // for another scheme, host or port cannot connect, as none can after stop().
  std::string baseUrl() const;
  // From now on every request fails to connect (TransportError kConnect), as with a stopped
  // server; start() undoes it.
  void stop();
  void start();

  // The requests seen so far (method and path), for assertions.
  std::vector<std::pair<std::string, std::string>> requests() const;
  int countRequests(const std::string& method, const std::string& pathPart) const;

  // Answers `request` through the services. Throws TransportError as described above.
  HttpResponse send(const HttpRequest& request) override;

 private:
  ServiceRouter router_;
  std::atomic<bool> stopped_{false};
};

}  // namespace racesync::sandbox
