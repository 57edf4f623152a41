// Stopping and removing what an environment runs on a Docker Engine.
#pragma once

#include <string>
#include <vector>

#include "clients/engine/engine.hpp"

namespace stackctl::targets::docker {

/// SIGTERM, then SIGKILL after the container's own stop timeout; then its
/// secret files are overwritten empty (their folder removed when the engine is
/// local) and it is removed. False when an emptied folder is left behind.
bool stop_and_remove(const stackctl::engine::Engine& engine, const std::string& id);

struct TeardownResult {
  std::vector<std::string> containers;  // names removed
  std::vector<std::string> networks;
  std::vector<std::string> volumes;       // removed (purge)
  std::vector<std::string> kept_volumes;  // left in place (no purge)
  /// Emptied secret folders on a remote engine's host (tmpfs: gone at its reboot).
  std::vector<std::string> secret_dirs_left;
};

/// Removes the instance's containers (in parallel) and network, and its
/// volumes when `purge`. Containers are found by label, so this works with
/// no release and no environment file change.
TeardownResult teardown(const stackctl::engine::Engine& engine, const std::string& stack, const std::string& instance,
                        bool purge);

}  // namespace stackctl::targets::docker
