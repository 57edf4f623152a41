#include "targets/docker/teardown.hpp"

#include <algorithm>
#include <mutex>
#include <thread>

#include "targets/docker/apply.hpp"
#include "targets/docker/secret_files.hpp"

namespace stackctl::targets::docker {
namespace sd = stackctl::engine;

bool stop_and_remove(const sd::Engine& engine, const std::string& id) {
  sd::ContainerInfo info;
  try {
    info = engine.inspect_container(id);
  } catch (const sd::EngineError& e) {
    if (e.status() == 404) return true;  // already gone
    throw;
  }
  engine.stop_container(id, info.stop_timeout_seconds.value_or(10));
  // Stopped but still there: its secret files are emptied through it.
  const bool wiped = wipe_secret_files(engine, info, labelled_secret_files(info.labels));
  engine.remove_container(id, {.force = true});
  return wiped;
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
        const bool wiped = stop_and_remove(engine, c.id);
        std::lock_guard g(mu);
        result.containers.push_back(c.name);
        if (!wiped) result.secret_dirs_left.push_back(secrets_host_dir(stack + "-" + instance, c.name));
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
