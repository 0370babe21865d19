#include "sandbox/sandbox_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>

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

class SandboxServer::Dispatcher : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Dispatcher(SandboxServer& server) : server_(server) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(server_);  // the HTTPServer owns and deletes handlers
  }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(SandboxServer& server) : server_(server) {}

    void handleRequest(Poco::Net::HTTPServerRequest& in,
                       Poco::Net::HTTPServerResponse& out) override {
      // Counts this handler as running until it returns or throws, for stop() to wait on.
      struct Running {
        explicit Running(SandboxServer& s) : server(s) {
          std::lock_guard<std::mutex> lock(server.mutex_);
          ++server.active_;
        }
        ~Running() {
          std::lock_guard<std::mutex> lock(server.mutex_);
          --server.active_;
          server.changed_.notify_all();
        }
        SandboxServer& server;
      } running(server_);
      serve(in, out);
    }

   private:
    void serve(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) {
      Request request;
      request.method = in.getMethod();
      Poco::URI uri(in.getURI());
      request.path = uri.getPath();
      request.query = uri.getRawQuery();
      for (const auto& [name, value] : uri.getQueryParameters())
        request.params.emplace(name, value);
      for (const auto& [name, value] : in) request.headers.emplace_back(name, value);
      Poco::StreamCopier::copyToString(in.stream(), request.body);

      RequestObserver observer;
      std::shared_ptr<Service> service;
      {
        std::lock_guard<std::mutex> lock(server_.mutex_);
        server_.requests_.emplace_back(request.method, request.path);
        observer = server_.observer_;
        for (const auto& candidate : server_.services_) {
          if (candidate->handles(request.path)) {
            service = candidate;
            break;
          }
        }
      }
      if (observer) observer(request);
      if (!service) {
        send(out, Response::json(404,
                                 "{\"error\": {\"code\": \"not_found\", \"message\": \"no "
                                 "simulated service answers this path\"}}"));
        return;
      }
      FaultSwitches::Decision decision = service->faults().decide(request.path);
      if (decision.fail) {
        send(out, Response::json(decision.status, decision.body));
        return;
      }
      Response response = service->handle(request);
      // A slow answer: the work is already done when the client gives up waiting.
      if (decision.delayMs > 0 && server_.waitForStop(decision.delayMs)) return;
      if (decision.drop) {
        // The work is done and kept; the client never learns of it.
        static_cast<Poco::Net::HTTPServerRequestImpl&>(in).socket().shutdown();
        out.setKeepAlive(false);
        return;
      }
      if (decision.malform) response.body = "{\"data\": [ this is not json";
      send(out, response);
    }

    static void send(Poco::Net::HTTPServerResponse& out, const Response& response) {
      out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
      out.setContentType(response.contentType);
      for (const auto& [name, value] : response.headers) out.set(name, value);
      out.setContentLength(static_cast<std::streamsize>(response.body.size()));
      out.send() << response.body;
    }

    SandboxServer& server_;
  };

  SandboxServer& server_;
};

SandboxServer::SandboxServer(int port) : port_(port) {}

SandboxServer::~SandboxServer() { stop(); }

void SandboxServer::add(std::shared_ptr<Service> service) {
  std::lock_guard<std::mutex> lock(mutex_);
  services_.push_back(std::move(service));
}

void SandboxServer::observe(RequestObserver observer) {
  std::lock_guard<std::mutex> lock(mutex_);
  observer_ = std::move(observer);
}

void SandboxServer::start() {
  if (server_) return;
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port_));
  port_ = socket.address().port();
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;  // Ptr owns it
  params->setMaxThreads(8);
  params->setKeepAlive(true);
  // HTTPServer takes ownership of the factory.
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Dispatcher(*this), socket, params);
  server_->start();
}

bool SandboxServer::waitForStop(int ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping_; });
}

void SandboxServer::stop() {
  if (!server_) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    changed_.notify_all();
  }
  server_->stopAll(true);
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, std::chrono::seconds(30), [&] { return active_ == 0; });
  lock.unlock();
  server_.reset();
  std::lock_guard<std::mutex> again(mutex_);
  stopping_ = false;
}

int SandboxServer::port() const { return port_; }

std::string SandboxServer::baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<std::pair<std::string, std::string>> SandboxServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

int SandboxServer::countRequests(const std::string& method, const std::string& pathPart) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(std::count_if(requests_.begin(), requests_.end(), [&](const auto& r) {
    return r.first == method && r.second.find(pathPart) != std::string::npos;
  }));
}

}  // namespace racesync::sandbox
