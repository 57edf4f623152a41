#include "releases/rollback_release.hpp"

#include <stdexcept>

namespace stackctl::releases {

Release rollback_release(ReleaseStore& store, const std::string& instance, int to, const std::string& env_name) {
  const auto history = store.history(instance);
  if (history.empty()) throw std::runtime_error(instance + " has no releases to roll back to");
  if (to == 0) {
    if (history.size() < 2)
      throw std::runtime_error(instance + " has only release " + std::to_string(history.front().number) +
                               "; there is nothing before it");
    to = history[1].number;
  }
  auto release = store.get(instance, to);
  if (!release)
    throw std::runtime_error(instance + " has no release " + std::to_string(to) + " (latest: " +
                             std::to_string(history.front().number) + "; see `stackctl history " + env_name + "`)");
  return std::move(*release);
}

}  // namespace stackctl::releases
