#include "targets/docker/readiness.hpp"

#include <thread>

#include "targets/docker/apply.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;
namespace {

[[noreturn]] void fail(const sd::Engine& engine, const std::string& id, const std::string& message) {
  std::string text = message;
  const std::string logs = last_log_lines(engine, id);
  if (!logs.empty()) text += "\n" + logs;
  throw DeployError(text);
}

}  // namespace

std::string last_log_lines(const sd::Engine& engine, const std::string& id, int lines) {
  try {
    sd::LogOptions options;
    options.tail = lines;
    std::string out;
    const auto logs = engine.logs(id, options);
    if (logs.empty()) return "";
    out = "last " + std::to_string(logs.size()) + " log lines:";
    for (const auto& l : logs) out += "\n    " + l.text;
    return out;
  } catch (const std::exception& e) {
    return std::string("(its logs could not be read: ") + e.what() + ")";
  }
}

void wait_ready(const sd::Engine& engine, const std::string& id, const std::string& what,
                std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const int restarts = engine.inspect_container(id).restart_count;
  std::string health;
  for (;;) {
    const sd::ContainerInfo info = engine.inspect_container(id);
    const auto& s = info.state;
    if (info.restart_count > restarts || s.restarting)
      fail(engine, id, what + " exited with code " + std::to_string(s.exit_code) + " and is being restarted");
    if (!s.running) fail(engine, id, what + " exited with code " + std::to_string(s.exit_code));
    health = s.health;
    if (health.empty() || health == "healthy") return;
    if (health == "unhealthy") fail(engine, id, what + " is unhealthy (its health check fails)");
    if (std::chrono::steady_clock::now() > deadline)
      fail(engine, id, what + " is not ready after " + std::to_string(timeout.count()) + " s (health: " + health + ")");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

void wait_job(const sd::Engine& engine, const std::string& id, const std::string& what, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const sd::ContainerInfo info = engine.inspect_container(id);
    if (!info.state.running && info.state.status != "created") {
      if (info.state.exit_code == 0) return;
      fail(engine, id, what + " failed with exit code " + std::to_string(info.state.exit_code));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      engine.kill_container(id);
      fail(engine, id, what + " did not finish within " + std::to_string(timeout.count()) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace stackctl::targets::docker
