// The sandbox: one Poco HTTPServer on loopback that hosts simulated services (RACEMAP, RaceRanger,
// RACE RESULT), each under its own path prefix, with fault switches a test can flip per service.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace Poco::Net {
class HTTPServer;
}

namespace racesync::sandbox {

struct Request {
  std::string method;
  std::string path;   // decoded path, prefix of the service included ("/api/inspect")
  std::string query;  // raw query string, without '?'
  std::multimap<std::string, std::string> params;  // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header of that name (case-insensitive), or "".
  std::string header(const std::string& name) const;
  // The first query parameter of that name, or `fallback`.
  std::string param(const std::string& name, const std::string& fallback = "") const;
};

struct Response {
  int status = 200;
  std::string contentType = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static Response json(int status, const std::string& body);
  static Response text(int status, const std::string& body);
};

// Faults a test (or `racesync sandbox` user) injects into one service. Thread-safe.
class FaultSwitches {
 public:
  // The next `count` requests whose path contains `pathPart` ("" for any) answer `status` with
  // `body` without being handled.
  void failNext(int count, int status, const std::string& body = "",
                const std::string& pathPart = "");
  // Every answer is sent `ms` milliseconds (real time) after the work is done: for timeouts.
  void delay(int ms);
  // The next `count` requests whose path contains `pathPart` are handled (the work is done and
  // kept) but the connection is closed before any answer is sent.
  void dropAfterHandling(int count, const std::string& pathPart = "");
  // The next `count` matching answers have their body replaced with malformed JSON.
  void malformNext(int count, const std::string& pathPart = "");
  void clear();

  // Used by the server for each request.
  struct Decision {
    bool fail = false;
    int status = 0;
    std::string body;
    bool drop = false;
    bool malform = false;
    int delayMs = 0;
  };
  Decision decide(const std::string& path);

 private:
  struct Rule {
    int remaining;
    int status;
    std::string body;
    std::string pathPart;
  };
  std::mutex mutex_;
  std::vector<Rule> failures_;
  std::vector<Rule> drops_;
  std::vector<Rule> malforms_;
  int delayMs_ = 0;
};

// One simulated API. handle() is called from server threads: implementations lock their state.
class Service {
 public:
  virtual ~Service() = default;
  // True when the service answers this path ("/api/..." for RACEMAP, "/v1/..." for RaceRanger).
  virtual bool handles(const std::string& path) const = 0;
  virtual Response handle(const Request& request) = 0;
  FaultSwitches& faults() { return faults_; }

 private:
  FaultSwitches faults_;
};

// Called for every request before it is handled (tests use it to count calls or to act at an
// exact moment, e.g. kill the client right after a generate call).
using RequestObserver = std::function<void(const Request&)>;

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
  std::vector<std::shared_ptr<Service>> services_;
  RequestObserver observer_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> requests_;
  // Handlers still running: stop() waits for them, so none outlives the server.
  int active_ = 0;
  bool stopping_ = false;
  std::condition_variable changed_;
};

}  // namespace racesync::sandbox
