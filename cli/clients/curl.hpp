// One HTTP exchange over libcurl, the only place that drives it (the Docker
// Engine client and the registry client both use it): an easy handle with
// the shared setup (global init once, error buffer, no signals, timeouts, a
// unix socket, TLS files or an already connected socket such as an ssh
// channel), request bodies from memory or streamed from a file, and the
// response's status line, headers by name and body (collected, or streamed to
// a sink that can stop reading). Failures come back as values for the client
// to word; only the sink's own exceptions are rethrown.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::clients {

/// Receives body bytes as they arrive; return false to stop reading (not an error).
using BodySink = std::function<bool(std::string_view chunk)>;

struct HttpResponse {
  int status = 0;
  std::string reason;                               // "Conflict", from the status line
  std::multimap<std::string, std::string> headers;  // of the last status line; names lowercased
  std::string body;                                 // empty when streamed to a sink

  /// The first header of that (lowercase) name, or "".
  std::string header(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
};

struct TlsFiles {
  bool verify = true;  // check the peer against ca_file only, never the system's CA folder
  std::string ca_file;
  std::string cert_file, key_file;  // a client certificate, presented when both files exist
};

enum class CurlFailure {
  none,
  timed_out,        // the total or connect timeout
  cannot_connect,   // refused, no such socket, permission denied (os_errno says which)
  cannot_resolve,   // the host name
  body_unreadable,  // the request body file could not be read
  other,            // anything else (TLS, a broken connection, an empty reply)
};

struct CurlOutcome {
  CurlFailure failure = CurlFailure::none;
  std::string detail;  // libcurl's error text when it failed
  int os_errno = 0;    // the errno of a failed connect, or 0
  bool ok() const { return failure == CurlFailure::none; }
};

class CurlExchange {
 public:
  /// Throws std::runtime_error when libcurl cannot be initialised.
  explicit CurlExchange(const std::string& url);
  ~CurlExchange();
  CurlExchange(const CurlExchange&) = delete;
  CurlExchange& operator=(const CurlExchange&) = delete;

  /// GET (the default), HEAD (no response body) or any other verb.
  void method(const std::string& verb);
  /// The request body, not copied: `data` must outlive perform().
  void body(std::string_view data);
  /// Streams the file as the request body; false (with `error`) when it cannot be opened or sized.
  bool body_file(const std::filesystem::path& file, std::string& error);
  void header(const std::string& line);  // "Name: value"; "Name:" removes one libcurl adds

  void connect_timeout(std::chrono::milliseconds limit);
  /// Zero or negative: none.
  void total_timeout(std::chrono::milliseconds limit);
  /// Gives up when fewer than `bytes_per_second` arrive for `window`.
  void low_speed(long bytes_per_second, std::chrono::seconds window);
  void protocols(const std::string& list);  // "http,https"
  void user_agent(const std::string& agent);

  void unix_socket(const std::string& path);
  void tls(const TlsFiles& files);
  /// Connects to 127.0.0.1:`port` whatever the URL names (no name is
  /// resolved), then calls `on_connected` with the connection's local port
  /// before the request is sent; it returns false to abort (kind `other`).
  void via_loopback(int port, std::function<bool(int local_port)> on_connected);

  /// Performs the exchange. The body of a 2xx response goes to `sink` when
  /// one is given; any other body is collected, up to `max_body` bytes.
  CurlOutcome perform(HttpResponse& response, const BodySink& sink = {},
                      size_t max_body = std::numeric_limits<size_t>::max());

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace stackctl::clients
