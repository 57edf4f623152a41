// HTTP to the Docker daemon through clients/curl.hpp: a unix socket, tcp
// (optionally TLS) or ssh (one `docker system dial-stdio` per request, see
// ssh_dial.hpp). One curl handle per request, so a Transport may be shared by
// threads.
#pragma once

#include <chrono>
#include <string>

#include "clients/curl.hpp"
#include "clients/engine/endpoint.hpp"

namespace stackctl::engine {

struct HttpRequest {
  std::string method = "GET";
  std::string path;  // "/containers/json?all=1" (without the /vX.Y prefix)
  std::string body;
  std::string content_type;  // set when body is non-empty
  /// 0: the endpoint's request_timeout; negative: none (streams, waits, builds).
  std::chrono::milliseconds timeout{0};
};

struct HttpResponse {
  int status = 0;
  std::string reason;  // "Conflict", from the status line
  std::string content_type;
  std::string body;  // empty when streamed
};

/// Receives body bytes as they arrive; return false to stop reading (not an error).
using BodySink = clients::BodySink;

class Transport {
 public:
  explicit Transport(EndpointConfig endpoint);

  /// Sends the request; the body is collected (no sink) or passed to `sink`
  /// when the status is 2xx (error bodies are always collected). Throws
  /// ConnectionError when the daemon cannot be reached or the request timed out.
  HttpResponse send(const HttpRequest& request, const BodySink& sink = {}) const;

  const EndpointConfig& endpoint() const { return endpoint_; }

 private:
  EndpointConfig endpoint_;
};

}  // namespace stackctl::engine
