#include "core/net/poco_http_transport.h"

#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>

#include "core/net/secret_scrubber.h"

namespace racesync {

namespace {

Poco::Net::Context::Ptr clientContext() {
  // Verify peers against the system CA store (Debian's ca-certificates).
  static Poco::Net::Context::Ptr context = new Poco::Net::Context(  // Ptr owns it
      Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_RELAXED, 9, true,
      "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
  return context;
}

// Poco sets a session's timeouts on its socket only when it connects: a kept-alive connection
// would go on with the timeouts of the request that opened it. So set them on the socket too.
void applyTimeout(Poco::Net::HTTPClientSession& session, int timeoutMs) {
  const Poco::Timespan timeout(0, timeoutMs * 1000LL);
  session.setTimeout(timeout);
  if (session.connected()) {
    session.socket().setReceiveTimeout(timeout);
    session.socket().setSendTimeout(timeout);
  }
}

void fillHeaders(Poco::Net::HTTPRequest& out, const HttpRequest& request) {
  for (const auto& [name, value] : request.headers) out.set(name, value);
  if (!request.contentType.empty()) out.setContentType(request.contentType);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    out.setContentLength(static_cast<std::streamsize>(request.body.size()));
  }
}

// The answer to the request just sent; TransportError kDropped when it arrives incomplete.
HttpResponse receive(Poco::Net::HTTPClientSession& session, const std::string& where) {
  HttpResponse response;
  Poco::Net::HTTPResponse in;
  std::istream& stream = session.receiveResponse(in);
  // Room for the whole answer up front (capped: the length is the server's word): growing the
  // string copied every megabyte of a large answer (RACEMAP's key list at 200,000 keys) again.
  constexpr Poco::Int64 kReserveCap = 64 << 20;
  if (in.hasContentLength() && in.getContentLength64() > 0) {
    response.body.reserve(static_cast<std::size_t>(std::min(in.getContentLength64(), kReserveCap)));
  }
  Poco::StreamCopier::copyToString(stream, response.body, 65536);
  response.status = static_cast<int>(in.getStatus());
  for (const auto& [name, value] : in) response.headers.emplace_back(name, value);
  if (in.hasContentLength() && in.getContentLength64() >= 0 &&
      static_cast<Poco::Int64>(response.body.size()) < in.getContentLength64()) {
    session.reset();
    throw TransportError(TransportFailure::kDropped,
                         where + ": the connection closed before the whole answer arrived");
  }
  return response;
}

// The URL an observer sees: no user info, no query, no secret of the request.
std::string observedUrl(const HttpRequest& request, const Poco::URI& uri) {
  Poco::URI shown(uri);
  shown.setUserInfo("");
  std::string url = shown.getScheme() + "://" + shown.getAuthority() + shown.getPath();
  return request.scrubber ? request.scrubber->scrub(url) : url;
}

}  // namespace

PocoHttpTransport::PocoHttpTransport(HttpObserver* observer) : observer_(observer) {}

PocoHttpTransport::~PocoHttpTransport() = default;

Poco::Net::HTTPClientSession& PocoHttpTransport::sessionFor(const std::string& service,
                                                            const std::string& scheme,
                                                            const std::string& host,
                                                            unsigned short port) {
  // One connection per service and address: two services on one host never share one, so
  // neither inherits the other's timeout or a broken connection.
  std::string id = service + " " + scheme + "://" + host + ":" + std::to_string(port);
  auto it = sessions_.find(id);
  if (it != sessions_.end()) return *it->second;
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (scheme == "https") {
    session = std::make_unique<Poco::Net::HTTPSClientSession>(host, port, clientContext());
  } else {
    session = std::make_unique<Poco::Net::HTTPClientSession>(host, port);
  }
  session->setKeepAlive(true);
  return *sessions_.emplace(id, std::move(session)).first->second;
}

HttpResponse PocoHttpTransport::send(const HttpRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  Poco::URI uri;
  try {
    uri = Poco::URI(request.url);
  } catch (const Poco::SyntaxException& e) {
    throw TransportError(TransportFailure::kConnect,
                         request.method + " " + request.url + ": not a URL (" + e.message() + ")");
  }
  if (uri.getScheme() != "http" && uri.getScheme() != "https") {
    throw TransportError(TransportFailure::kConnect,
                         request.method + " " + request.url + ": only http and https URLs work");
  }
  auto started = std::chrono::steady_clock::now();
  Poco::Net::HTTPClientSession& session =
      sessionFor(request.service, uri.getScheme(), uri.getHost(), uri.getPort());
  applyTimeout(session, request.timeoutMs);

  Poco::Net::HTTPRequest out(request.method, uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
  fillHeaders(out, request);

  // Where the exchange broke decides what the caller may assume: before the request was written
  // the server cannot have acted on it.
  bool sent = false;
  std::string where = request.method + " " + uri.getPath();
  HttpResponse response;
  try {
    std::ostream& body = session.sendRequest(out);
    body << request.body;
    body.flush();
    sent = true;
    response = receive(session, where);
  } catch (const TransportError&) {
    throw;
  } catch (const Poco::TimeoutException& e) {
    session.reset();
    throw TransportError(
        sent ? TransportFailure::kTimeout : TransportFailure::kConnect,
        where + ": no answer within " + std::to_string(request.timeoutMs / 1000.0) + " s");
  } catch (const Poco::Exception& e) {
    session.reset();
    if (!sent) {
      throw TransportError(TransportFailure::kConnect, where + ": cannot reach " + uri.getHost() +
                                                           ":" + std::to_string(uri.getPort()) +
                                                           ": " + e.displayText());
    }
    throw TransportError(TransportFailure::kDropped,
                         where + ": the connection broke before an answer: " + e.displayText());
  }
  if (observer_) {
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - started)
                       .count();
    observer_->exchanged(request.method, observedUrl(request, uri), response.status, elapsed);
  }
  return response;
}

}  // namespace racesync
