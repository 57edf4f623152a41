#include "clients/engine/transport.hpp"

#include <cerrno>
#include <cstring>
#include <optional>

#include "clients/curl.hpp"
#include "clients/engine/errors.hpp"
#include "clients/engine/ssh_dial.hpp"

namespace stackctl::engine {
namespace {

std::string base_url(const EndpointConfig& e) {
  std::string url;
  if (e.kind == EndpointConfig::Kind::unix_socket || e.kind == EndpointConfig::Kind::ssh) {
    url = "http://localhost";  // the socket is given; the name only fills the Host header
  } else {
    const bool v6 = e.host.find(':') != std::string::npos;
    url =
        std::string(e.tls ? "https://" : "http://") + (v6 ? "[" + e.host + "]" : e.host) + ":" + std::to_string(e.port);
  }
  return url + "/v" + e.api_version;
}

std::string connect_hint(int os_errno) {
  switch (os_errno) {
    case ENOENT:
      return " (no such socket; is dockerd running?)";
    case EACCES:
    case EPERM:
      return " (is this user in the docker group?)";
    case ECONNREFUSED:
      return " (is dockerd running?)";
    default:
      return "";
  }
}

[[noreturn]] void throw_transport_error(const EndpointConfig& e, const HttpRequest& r,
                                        const clients::CurlOutcome& outcome, std::chrono::milliseconds timeout) {
  if (outcome.failure == clients::CurlFailure::timed_out) {
    throw ConnectionError("timed out after " + std::to_string(timeout.count()) + " ms: " + r.method + " " + r.path +
                              " at " + e.url() + ": " + outcome.detail,
                          true);
  }
  std::string reason = outcome.detail;
  if (outcome.failure == clients::CurlFailure::cannot_connect && outcome.os_errno != 0)
    reason = std::strerror(outcome.os_errno) + connect_hint(outcome.os_errno);
  throw ConnectionError("cannot reach the Docker daemon at " + e.url() + ": " + reason, false);
}

void set_connection(clients::CurlExchange& exchange, const EndpointConfig& e) {
  exchange.connect_timeout(e.connect_timeout);
  if (e.kind == EndpointConfig::Kind::unix_socket) {
    exchange.unix_socket(e.socket_path);
  } else if (e.tls) {
    exchange.tls({.verify = e.tls_verify, .ca_file = e.ca_file, .cert_file = e.cert_file, .key_file = e.key_file});
  }
}

}  // namespace

Transport::Transport(EndpointConfig endpoint) : endpoint_(std::move(endpoint)) {}

HttpResponse Transport::send(const HttpRequest& request, const BodySink& sink) const {
  // Over ssh, one `ssh ... docker system dial-stdio` per request: declared
  // before the exchange so that curl has closed its end before ssh is reaped.
  std::optional<SshDial> dial;
  if (endpoint_.kind == EndpointConfig::Kind::ssh) dial.emplace(endpoint_);

  clients::CurlExchange exchange(base_url(endpoint_) + request.path);
  set_connection(exchange, endpoint_);
  if (dial) exchange.via_loopback(dial->port(), [&dial](int local_port) { return dial->start(local_port); });
  const auto timeout = request.timeout.count() == 0 ? endpoint_.request_timeout : request.timeout;
  exchange.total_timeout(timeout);
  exchange.method(request.method);
  if (request.method != "GET" && (request.method != "DELETE" || !request.body.empty())) {
    exchange.body(request.body);
    if (!request.content_type.empty()) exchange.header("Content-Type: " + request.content_type);
  }

  clients::HttpResponse got;
  const clients::CurlOutcome outcome = exchange.perform(got, sink);
  if (!outcome.ok()) {
    if (dial) {
      // What ssh said is the reason (an unknown host key, a refused key);
      // curl only saw the connection close.
      if (std::string why = dial->failure(); !why.empty())
        throw ConnectionError("cannot reach the Docker daemon at " + endpoint_.url() + ": " + why, false);
    }
    throw_transport_error(endpoint_, request, outcome, timeout);
  }
  HttpResponse response;
  response.status = got.status;
  response.reason = std::move(got.reason);
  response.content_type = got.header("content-type");
  response.body = std::move(got.body);
  return response;
}

}  // namespace stackctl::engine
