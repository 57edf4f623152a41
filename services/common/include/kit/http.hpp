// The HTTP side of a bundled service: routes with request ids, JSON errors,
// request logs and metrics, the standard endpoints (/healthz, /readyz,
// /metrics, /version) and graceful shutdown on SIGTERM.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "kit/config.hpp"
#include "kit/metrics.hpp"

namespace kit {

using Request = httplib::Request;
using Response = httplib::Response;
using Handler = std::function<void(const Request&, Response&)>;

// Thrown by handlers for client errors: becomes `status` with
// {"error": message} merged with `details`.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message, nlohmann::json details = nlohmann::json::object());
  int status() const { return status_; }
  nlohmann::json body() const;

 private:
  int status_;
  nlohmann::json details_;
};

void send_json(Response& res, int status, const nlohmann::json& body);

// Parses a JSON request body or throws HttpError 400.
nlohmann::json parse_json_body(const Request& req);

struct ServiceInfo {
  std::string name;
  std::string version;
  std::string commit;
};

struct ServeOptions {
  std::string host = "0.0.0.0";
  int port = 8080;
  int threads = 8;
  // SIGTERM: first report not ready for shutdown_delay (so load balancers
  // stop sending), then stop accepting and drain; exit 1 if in-flight
  // requests are still running after grace_period.
  std::chrono::seconds shutdown_delay{0};
  std::chrono::seconds grace_period{25};
  std::size_t max_body_bytes = 64 << 20;
};

// PORT, BIND_ADDRESS, HTTP_THREADS, SHUTDOWN_DELAY_SECONDS,
// GRACE_PERIOD_SECONDS, MAX_BODY_BYTES.
ServeOptions serve_options(Config& config);

class Service {
 public:
  explicit Service(ServiceInfo info);

  // `pattern` is a path where {name} matches one segment, e.g.
  // "/rooms/{room}/items"; the segments arrive in req.matches[1..]. The
  // pattern is also the route label in logs and metrics.
  void get(const std::string& pattern, Handler handler);
  void post(const std::string& pattern, Handler handler);
  void put(const std::string& pattern, Handler handler);
  void del(const std::string& pattern, Handler handler);

  // A readiness check throws to report its dependency unreachable.
  void readiness_check(std::string name, std::function<void()> check);

  Metrics& metrics() { return metrics_; }
  const ServiceInfo& info() const { return info_; }

  // Serves until SIGTERM or SIGINT, then shuts down gracefully. Returns the
  // process exit code. Call before starting other threads: it blocks the
  // signals for every thread it creates.
  int run(const ServeOptions& options);

 private:
  enum class Method { get, post, put, del };
  void route(Method method, const std::string& pattern, Handler handler);
  void standard_endpoints();
  void before(const Request& req, Response& res);
  void after(const Request& req, const Response& res);

  ServiceInfo info_;
  httplib::Server server_;
  Metrics metrics_;
  Counter& requests_;
  Counter& errors_;
  Histogram& latency_;
  Gauge& in_flight_;
  std::vector<std::pair<std::string, std::function<void()>>> checks_;
  std::atomic<bool> draining_{false};
};

}  // namespace kit
