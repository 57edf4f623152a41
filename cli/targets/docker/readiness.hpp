// Waiting for a container: ready (healthy, or running when it has no health
// check) or, for a job, finished. Failures carry the container's last log
// lines so the user sees why without another command.
#pragma once

#include <chrono>
#include <string>

#include "clients/engine/engine.hpp"

namespace stackctl::targets::docker {

/// Returns once `id` is ready; throws DeployError when it exits, restarts,
/// turns unhealthy or is not ready within `timeout`. `what` names it in errors.
void wait_ready(const stackctl::engine::Engine& engine, const std::string& id, const std::string& what,
                std::chrono::seconds timeout);

/// Waits for a job to exit; throws DeployError unless it exited 0.
void wait_job(const stackctl::engine::Engine& engine, const std::string& id, const std::string& what,
              std::chrono::seconds timeout);

/// "last N log lines of NAME:\n  line\n  line" (empty when there are none).
std::string last_log_lines(const stackctl::engine::Engine& engine, const std::string& id, int lines = 20);

}  // namespace stackctl::targets::docker
