// The sandbox on loopback: one Poco HTTPServer that hosts simulated services (RACEMAP, RaceRanger,
// RACE RESULT), each under its own path prefix, with fault switches a test can flip per service.
// `racesync demo`, `racesync sandbox`, the integration tests and the transport's own tests use
// it; unit tests reach the services without sockets through InProcessTransport.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/service.h"
#include "sandbox/service_router.h"

namespace Poco::Net {
class HTTPServer;
}

namespace racesync::sandbox {

class SandboxServer {
 public:
  // Listens on 127.0.0.1:`port` (0 picks a free port) once started.
  explicit SandboxServer(int port = 0);
  ~SandboxServer();
  SandboxServer(const SandboxServer&) = delete;
  SandboxServer& operator=(const SandboxServer&) = delete;

  // Services are tried in the order they were added; the first whose handles() is true answers.
  void add(std::shared_ptr<Service> service);
  void observe(RequestObserver observer);
  void start();
  void stop();
  int port() const;
  // "http://127.0.0.1:<port>"
  std::string baseUrl() const;

  // The requests seen so far (method and path), for assertions.
  std::vector<std::pair<std::string, std::string>> requests() const;
  int countRequests(const std::string& method, const std::string& pathPart) const;

 private:
  class Dispatcher;
  // Waits up to `ms` for stop(); true when the server is stopping.
  bool waitForStop(int ms);

  int port_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  ServiceRouter router_;
  mutable std::mutex mutex_;
  // Handlers still running: stop() waits for them, so none outlives the server.
  int active_ = 0;
  bool stopping_ = false;
  std::condition_variable changed_;
};

}  // namespace racesync::sandbox
