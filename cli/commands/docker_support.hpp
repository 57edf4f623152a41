// What the Docker-target verbs (up, down, status, logs, history, rollback)
// share: reaching the environment's Docker Engine, the release store and the
// environment's secrets.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "commands/command_context.hpp"
#include "config/loader.hpp"
#include "clients/engine/engine.hpp"
#include "releases/release_store.hpp"

namespace stackctl::commands {

/// Throws unless the environment's target is a Docker Engine.
void require_docker_target(const model::Environment& env, const std::string& verb);

/// The engine of the environment's target (target.host, else DOCKER_HOST,
/// else the local socket), pinged: an unreachable daemon is an error that
/// says where stackctl looked.
engine::Engine connect_engine(const model::Environment& env);

/// $STACKCTL_RELEASE_STORE, else <root>/.stackctl/releases.git; shared
/// through $STACKCTL_RELEASE_REMOTE when set (docs/releases.md).
std::filesystem::path release_store_path(const GlobalOptions& g);
releases::ReleaseStore open_release_store(const GlobalOptions& g);
/// The store, with its remote (if any) reachable, writable and pulled:
/// checked before a deploy so the release can be recorded after it.
releases::ReleaseStore open_release_store_for_deploy(const GlobalOptions& g, const std::string& instance);

/// Every secret the environment uses, decrypted (its output masked from now
/// on). A used secret missing from the file is an error at the line that
/// uses it; no secrets used: no file or key needed.
std::map<std::string, std::string> deploy_secrets(const GlobalOptions& g, const config::LoadedEnvironment& loaded);

/// The release file holding a Docker target's plan.
inline constexpr const char* plan_file = "docker/plan.json";

}  // namespace stackctl::commands
