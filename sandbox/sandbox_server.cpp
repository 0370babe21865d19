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

#include <chrono>

namespace racesync::sandbox {

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
      std::vector<std::pair<std::string, std::string>> headers;
      for (const auto& [name, value] : in) headers.emplace_back(name, value);
      std::string body;
      Poco::StreamCopier::copyToString(in.stream(), body);
      Served served = server_.router_.serve(
          requestOf(in.getMethod(), in.getURI(), std::move(headers), std::move(body)));
      // A slow answer: the work is already done when the client gives up waiting.
      if (served.delayMs > 0 && server_.waitForStop(served.delayMs)) return;
      if (served.drop) {
        // The work is done and kept; the client never learns of it.
        static_cast<Poco::Net::HTTPServerRequestImpl&>(in).socket().shutdown();
        out.setKeepAlive(false);
        return;
      }
      send(out, served.response);
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

void SandboxServer::add(std::shared_ptr<Service> service) { router_.add(std::move(service)); }

void SandboxServer::observe(RequestObserver observer) { router_.observe(std::move(observer)); }

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
  return router_.requests();
}

int SandboxServer::countRequests(const std::string& method, const std::string& pathPart) const {
  return router_.countRequests(method, pathPart);
}

}  // namespace racesync::sandbox
