#include "commands/docker_support.hpp"

#include <cstdlib>
#include <stdexcept>

#include "commands/secrets_support.hpp"
#include "config/diagnostics.hpp"
#include "targets/docker/endpoint_target.hpp"
#include "secrets/references.hpp"

namespace stackctl::commands {

void require_docker_target(const model::Environment& env, const std::string& verb) {
  if (env.target.kind == model::TargetKind::docker) return;
  throw std::runtime_error("environment " + env.name + " targets " + model::to_string(env.target.kind) + ": `stackctl " +
                           verb + "` drives Docker Engine targets only so far (gcp and aws have up, plan and down); " +
                           "after `stackctl up " + env.name + "` use kubectl --kubeconfig .stackctl/kube/" +
                           env.instance_name() + ".kubeconfig");
}

engine::Engine connect_engine(const model::Environment& env) {
  engine::Engine engine(targets::docker::endpoint_for_target(env.target));
  try {
    engine.ping();
  } catch (const std::exception& e) {
    std::string where = env.target.host.empty() ? "this machine's Docker Engine (DOCKER_HOST or the unix socket)"
                                                : "target.host " + env.target.host;
    throw std::runtime_error("cannot reach " + where + " at " + engine.endpoint().url() + ": " + e.what());
  }
  return engine;
}

std::filesystem::path release_store_path(const GlobalOptions& g) {
  if (const char* p = std::getenv("STACKCTL_RELEASE_STORE"); p && *p) return p;
  return std::filesystem::path(g.root) / ".stackctl" / "releases.git";
}

releases::ReleaseStore open_release_store(const GlobalOptions& g) {
  return releases::ReleaseStore::open(release_store_path(g), releases::release_remote_from_environment());
}

releases::ReleaseStore open_release_store_for_deploy(const GlobalOptions& g, const std::string& instance) {
  auto store = open_release_store(g);
  if (store.remote_url()) {
    // Before anything is deployed: the release must be recordable.
    store.check_remote();
    store.pull(instance);
  }
  return store;
}

std::map<std::string, std::string> deploy_secrets(const GlobalOptions& g, const config::LoadedEnvironment& loaded) {
  const auto uses = secrets::secret_uses(loaded);
  if (uses.empty()) return {};
  auto report = secrets::check_secret_references(loaded, g.root);
  if (!report.errors.empty()) throw config::InvalidInput(report.errors);
  // A copy deploys with its parent's secrets.
  auto vault = open_vault(g, loaded.env.name);
  std::map<std::string, std::string> values;
  for (const auto& use : uses) {
    if (!vault.contains(use.name))
      throw std::runtime_error(use.mark.where() + ": " + use.path + ": secret \"" + use.name + "\" is not set in " +
                               loaded.env.name + "'s secrets; add it with `stackctl secrets generate " +
                               loaded.env.name + " " + use.name + "`");
    values[use.name] = vault.get(use.name);
  }
  return values;
}

}  // namespace stackctl::commands
