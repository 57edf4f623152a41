#include "kit/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace kit::log {

namespace {
std::string service_name = "service";
Level min_level = Level::info;
std::mutex output_mutex;
thread_local std::string request_id;

const char* level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

std::string timestamp() {
  auto now = std::chrono::system_clock::now();
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(millis));
  return text;
}
}  // namespace

void set_service(std::string name) { service_name = std::move(name); }
void set_min_level(Level level) { min_level = level; }

Level parse_level(std::string_view text, Level fallback) {
  if (text == "debug") return Level::debug;
  if (text == "info") return Level::info;
  if (text == "warn") return Level::warn;
  if (text == "error") return Level::error;
  return fallback;
}

bool enabled(Level level) { return level >= min_level; }

void write(Level level, std::string_view event, nlohmann::json fields) {
  if (!enabled(level)) return;
  nlohmann::json line = {
      {"ts", timestamp()}, {"level", level_name(level)}, {"service", service_name}, {"event", std::string(event)}};
  if (!request_id.empty()) line["request_id"] = request_id;
  if (fields.is_object()) {
    for (auto& [key, value] : fields.items()) line[key] = std::move(value);
  }
  // Invalid UTF-8 from a client must not make logging throw.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(output_mutex);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

RequestScope::RequestScope(std::string id) : previous_(std::move(request_id)) { request_id = std::move(id); }
RequestScope::~RequestScope() { request_id = std::move(previous_); }

const std::string& current_request_id() { return request_id; }

}  // namespace kit::log
