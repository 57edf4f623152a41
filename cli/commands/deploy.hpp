// The shared second half of `up` and `rollback`: apply a plan to the
// environment's Docker Engine, record the release, print what changed and the
// endpoints.
#pragma once

#include <string>

#include "commands/command_context.hpp"
#include "commands/deploy_view.hpp"
#include "config/loader.hpp"
#include "releases/release_store.hpp"
#include "targets/docker/plan.hpp"

namespace stackctl::commands {

struct DeployRequest {
  const config::LoadedEnvironment* loaded = nullptr;
  const engine::Engine* engine = nullptr;
  releases::ReleaseStore* store = nullptr;  // opened before the deploy (open_release_store_for_deploy)
  targets::docker::Plan plan;
  std::map<std::string, std::string> secrets;
  releases::Release release;  // images, source commit and note filled by the caller
  bool always_record = false;  // rollback records even when nothing changed
  std::string output = "text";
};

/// Returns the exit code. A failed step throws DeployError after printing
/// what was done; nothing is recorded then.
int deploy(const GlobalOptions& g, DeployRequest request, DeployView& view);

}  // namespace stackctl::commands
