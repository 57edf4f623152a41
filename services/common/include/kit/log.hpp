// Structured logs: one JSON object per line on stdout, one line per event.
//
//   {"ts":"2026-11-22T16:00:00.123Z","level":"info","service":"rates-api",
//    "event":"request","request_id":"...","method":"GET",...}
//
// The request id of the request being served on this thread is added to
// every line automatically (see RequestScope).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kit::log {

enum class Level { debug, info, warn, error };

// Set once at start-up by kit::run_main.
void set_service(std::string name);
void set_min_level(Level level);
Level parse_level(std::string_view text, Level fallback);

bool enabled(Level level);
void write(Level level, std::string_view event, nlohmann::json fields = nlohmann::json::object());
inline void info(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  write(Level::info, event, std::move(fields));
}
inline void warn(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  write(Level::warn, event, std::move(fields));
}
inline void error(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  write(Level::error, event, std::move(fields));
}

// Binds a request id to the current thread for the lifetime of the scope.
class RequestScope {
 public:
  explicit RequestScope(std::string request_id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  std::string previous_;
};

const std::string& current_request_id();

}  // namespace kit::log
