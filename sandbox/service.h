// A simulated service of the sandbox (RACEMAP, RaceRanger, RACE RESULT) as every way of reaching
// it sees it: the request it is handed, the response it gives, and the fault switches a test (or
// a `racesync sandbox` user) flips to make it fail.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

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

// Faults a test (or `racesync sandbox` user) injects into one service. Thread-safe. The loopback
// server applies them all as written; InProcessTransport as far as they make sense without a
// socket (see in_process_transport.h).
class FaultSwitches {
 public:
  // The next `count` requests whose path contains `pathPart` ("" for any) answer `status` with
  // `body` without being handled.
  void failNext(int count, int status, const std::string& body = "",
                const std::string& pathPart = "");
  // Every answer is sent `ms` milliseconds (real time) after the work is done: for timeouts.
  // In process nothing waits: a delay of at least the request's timeout is a timeout at once.
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

}  // namespace racesync::sandbox
