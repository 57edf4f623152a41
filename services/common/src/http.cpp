#include "kit/http.hpp"

#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <thread>

#include "kit/log.hpp"

namespace kit {

namespace {

struct RequestContext {
  std::chrono::steady_clock::time_point start;
  std::string route = "unmatched";
  bool active = false;
};
thread_local RequestContext context;
thread_local std::unique_ptr<log::RequestScope> request_scope;

const std::vector<double> latency_buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

bool valid_request_id(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

// Request ids only need to be unique, not secret: a per-thread generator
// seeded from the system's randomness saves a syscall per request.
std::string new_request_id() {
  thread_local std::mt19937_64 generator = [] {
    std::seed_seq seed{randombytes_random(), randombytes_random(), randombytes_random(), randombytes_random()};
    return std::mt19937_64(seed);
  }();
  char hex[25];
  std::snprintf(hex, sizeof hex, "%016llx%08llx", static_cast<unsigned long long>(generator()),
                static_cast<unsigned long long>(generator() >> 32));
  return hex;
}

// "/rooms/{room}/items" -> "/rooms/([^/]+)/items"; everything else literal.
std::string pattern_regex(const std::string& pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '{') {
      auto close = pattern.find('}', i);
      if (close == std::string::npos) throw std::logic_error("unclosed { in route " + pattern);
      out += "([^/]+)";
      i = close;
    } else if (std::string_view(".[]()*+?^$|\\").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string status_text(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 413:
      return "request body too large";
    case 414:
      return "request URI too long";
    default:
      return "HTTP " + std::to_string(status);
  }
}

}  // namespace

HttpError::HttpError(int status, const std::string& message, nlohmann::json details)
    : std::runtime_error(message), status_(status), details_(std::move(details)) {}

nlohmann::json HttpError::body() const {
  nlohmann::json body = {{"error", what()}};
  if (details_.is_object()) body.update(details_);
  return body;
}

void send_json(Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

nlohmann::json parse_json_body(const Request& req) {
  try {
    return nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    throw HttpError(400, std::string("request body is not valid JSON: ") + e.what());
  }
}

ServeOptions serve_options(Config& config) {
  ServeOptions options;
  options.host = config.optional("BIND_ADDRESS", options.host);
  options.port = static_cast<int>(config.integer("PORT", options.port, 0, 65535));
  options.threads = static_cast<int>(config.integer("HTTP_THREADS", options.threads, 1, 1024));
  options.shutdown_delay = config.seconds("SHUTDOWN_DELAY_SECONDS", options.shutdown_delay);
  options.grace_period = config.seconds("GRACE_PERIOD_SECONDS", options.grace_period);
  options.max_body_bytes = static_cast<std::size_t>(
      config.integer("MAX_BODY_BYTES", static_cast<std::int64_t>(options.max_body_bytes), 1024, 1LL << 32));
  return options;
}

Service::Service(ServiceInfo info)
    : info_(std::move(info)),
      requests_(metrics_.counter("http_requests_total", "HTTP requests by method, route and status.")),
      errors_(metrics_.counter("http_request_errors_total", "HTTP requests answered with a 5xx status, by route.")),
      latency_(metrics_.histogram("http_request_duration_seconds", "HTTP request latency by route.", latency_buckets)),
      in_flight_(metrics_.gauge("http_requests_in_flight", "HTTP requests being served.")) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  server_.set_pre_routing_handler([this](const Request& req, Response& res) {
    before(req, res);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_logger([this](const Request& req, const Response& res) { after(req, res); });
  server_.set_error_handler([](const Request&, Response& res) {
    if (res.body.empty()) send_json(res, res.status, {{"error", status_text(res.status)}});
  });
  server_.set_exception_handler([](const Request&, Response& res, std::exception_ptr) {
    send_json(res, 500, {{"error", "internal error"}, {"request_id", log::current_request_id()}});
  });
  standard_endpoints();
}

void Service::before(const Request& req, Response& res) {
  auto incoming = req.get_header_value("X-Request-Id");
  auto id = valid_request_id(incoming) ? incoming : new_request_id();
  request_scope = std::make_unique<log::RequestScope>(id);
  res.set_header("X-Request-Id", id);
  context = RequestContext{std::chrono::steady_clock::now(), "unmatched", true};
  in_flight_.add(1);
}

void Service::after(const Request& req, const Response& res) {
  if (!context.active) return;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - context.start).count();
  in_flight_.add(-1);
  requests_.add({{"method", req.method}, {"route", context.route}, {"status", std::to_string(res.status)}});
  latency_.observe({{"route", context.route}}, seconds);
  if (res.status >= 500) errors_.add({{"route", context.route}});
  // Probes and scrapes would drown the log; they are counted, not logged.
  bool quiet = context.route == "/healthz" || context.route == "/readyz" || context.route == "/metrics";
  auto level = res.status >= 500 ? log::Level::error : log::Level::info;
  if ((!quiet || res.status >= 400) && log::enabled(level)) {
    log::write(level, "request",
               {{"method", req.method},
                {"path", req.path},
                {"route", context.route},
                {"status", res.status},
                {"duration_ms", seconds * 1000},
                {"bytes", res.body.size()},
                {"remote", req.remote_addr}});
  }
  context.active = false;
  request_scope.reset();
}

void Service::route(Method method, const std::string& pattern, Handler handler) {
  auto wrapped = [pattern, handler = std::move(handler)](const Request& req, Response& res) {
    context.route = pattern;
    try {
      handler(req, res);
    } catch (const HttpError& e) {
      send_json(res, e.status(), e.body());
    } catch (const std::exception& e) {
      log::error("handler_failed", {{"route", pattern}, {"error", e.what()}});
      send_json(res, 500, {{"error", "internal error"}, {"request_id", log::current_request_id()}});
    }
  };
  auto regex = pattern_regex(pattern);
  switch (method) {
    case Method::get:
      server_.Get(regex, wrapped);
      break;
    case Method::post:
      server_.Post(regex, wrapped);
      break;
    case Method::put:
      server_.Put(regex, wrapped);
      break;
    case Method::del:
      server_.Delete(regex, wrapped);
      break;
  }
}

void Service::get(const std::string& pattern, Handler handler) { route(Method::get, pattern, std::move(handler)); }
void Service::post(const std::string& pattern, Handler handler) { route(Method::post, pattern, std::move(handler)); }
void Service::put(const std::string& pattern, Handler handler) { route(Method::put, pattern, std::move(handler)); }
void Service::del(const std::string& pattern, Handler handler) { route(Method::del, pattern, std::move(handler)); }

void Service::readiness_check(std::string name, std::function<void()> check) {
  checks_.emplace_back(std::move(name), std::move(check));
}

void Service::standard_endpoints() {
  get("/healthz", [](const Request&, Response& res) { send_json(res, 200, {{"status", "ok"}}); });
  get("/readyz", [this](const Request&, Response& res) {
    nlohmann::json checks = nlohmann::json::object();
    bool ready = !draining_;
    if (draining_) checks["shutdown"] = "draining";
    for (const auto& [name, check] : checks_) {
      try {
        check();
        checks[name] = "ok";
      } catch (const std::exception& e) {
        checks[name] = e.what();
        ready = false;
      }
    }
    send_json(res, ready ? 200 : 503, {{"status", ready ? "ready" : "not ready"}, {"checks", checks}});
  });
  get("/metrics", [this](const Request&, Response& res) {
    res.set_content(metrics_.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  get("/version", [this](const Request&, Response& res) {
    send_json(res, 200, {{"service", info_.name}, {"version", info_.version}, {"commit", info_.commit}});
  });
}

int Service::run(const ServeOptions& options) {
  // Every thread created from here on inherits the mask; one thread waits
  // for the signals instead of an async handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  server_.new_task_queue = [threads = options.threads] { return new httplib::ThreadPool(threads); };
  server_.set_payload_max_length(options.max_body_bytes);
  server_.set_keep_alive_timeout(2);
  server_.set_keep_alive_max_count(1000);
  // Responses are written in pieces; without this, Nagle's algorithm and
  // delayed ACKs add ~40 ms to every keep-alive request.
  server_.set_tcp_nodelay(true);
  server_.set_read_timeout(30);
  server_.set_write_timeout(30);

  int port = options.port;
  if (port == 0) {
    port = server_.bind_to_any_port(options.host);
  } else if (!server_.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    log::error("listen_failed", {{"host", options.host}, {"port", options.port}, {"error", std::strerror(errno)}});
    return 1;
  }

  std::atomic<bool> stopping{false};
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    if (stopping) return;
    log::info("shutdown", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"},
                           {"grace_period_s", options.grace_period.count()},
                           {"delay_s", options.shutdown_delay.count()}});
    draining_ = true;
    std::this_thread::sleep_for(options.shutdown_delay);
    // A watchdog: in-flight requests get the grace period, then the process ends.
    std::thread([grace = options.grace_period] {
      std::this_thread::sleep_for(grace);
      log::error("shutdown_timeout", {{"grace_period_s", grace.count()}});
      _exit(1);
    }).detach();
    server_.stop();
  });

  log::info("listening", {{"host", options.host},
                          {"port", port},
                          {"threads", options.threads},
                          {"version", info_.version},
                          {"commit", info_.commit}});
  bool clean = server_.listen_after_bind();  // returns once stopped and drained
  if (!draining_) {
    // The server failed on its own; release the signal waiter.
    stopping = true;
    pthread_kill(waiter.native_handle(), SIGTERM);
  }
  waiter.join();
  log::info("stopped", {{"clean", clean}});
  return draining_ ? 0 : 1;
}

}  // namespace kit
