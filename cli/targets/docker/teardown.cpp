#include "targets/docker/teardown.hpp"

#include <algorithm>
#include <mutex>
#include <thread>

#include "targets/docker/apply.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;

void stop_and_remove(const sd::Engine& engine, const std::string& id) {
  int grace = 10;
  try {
    const auto info = engine.inspect_container(id);
    if (info.stop_timeout_seconds) grace = *info.stop_timeout_seconds;
  } catch (const sd::EngineError& e) {
    if (e.status() == 404) return;  // already gone
    throw;
  }
  engine.stop_container(id, grace);
  engine.remove_container(id, {.force = true});
}

TeardownResult teardown(const sd::Engine& engine, const std::string& stack, const std::string& instance, bool purge) {
  const auto filter = instance_filter(stack, instance);
  TeardownResult result;
  const auto containers = engine.list_containers(filter);
  std::mutex mu;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (const auto& c : containers) {
    threads.emplace_back([&, c] {
      try {
        stop_and_remove(engine, c.id);
        std::lock_guard g(mu);
        result.containers.push_back(c.name);
      } catch (const std::exception& e) {
        std::lock_guard g(mu);
        errors.push_back(c.name + ": " + e.what());
      }
    });
  }
  for (auto& t : threads) t.join();
  if (!errors.empty()) {
    std::string text = "could not remove every container:";
    for (const auto& e : errors) text += "\n  " + e;
    throw std::runtime_error(text);
  }
  for (const auto& n : engine.list_networks(filter)) {
    engine.remove_network(n.id);
    result.networks.push_back(n.name);
  }
  for (const auto& v : engine.list_volumes(filter)) {
    if (purge) {
      engine.remove_volume(v.name);
      result.volumes.push_back(v.name);
    } else {
      result.kept_volumes.push_back(v.name);
    }
  }
  std::sort(result.containers.begin(), result.containers.end());
  std::sort(result.volumes.begin(), result.volumes.end());
  std::sort(result.kept_volumes.begin(), result.kept_volumes.end());
  return result;
}

}  // namespace stackctl::targets::docker
