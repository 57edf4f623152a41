#include "commands/cloud_down.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/exit_code.hpp"
#include "app/terminal.hpp"
#include "clients/kubectl.hpp"
#include "clients/process.hpp"

namespace stackctl::commands {
namespace {

namespace tc = targets::cloud;

/// The modules whose destruction loses no data, per cloud.
std::vector<std::string> dataless_modules(const model::Environment& env) {
  if (env.target.kind == model::TargetKind::gcp) return {"module.monitoring", "module.logging"};
  return {"module.alarms"};
}

void confirm_production(const config::LoadedEnvironment& loaded, bool yes) {
  const std::string& name = loaded.env.name;
  if (!yes)
    throw std::runtime_error(name + " is a production environment: `stackctl down " + name +
                             "` needs --yes, and then the name typed to confirm");
  std::fprintf(stderr, "This takes down the production environment %s. Type its name to confirm: ", name.c_str());
  std::string typed;
  if (!std::getline(std::cin, typed)) typed.clear();
  if (typed != name) throw std::runtime_error("confirmation \"" + typed + "\" is not \"" + name + "\": nothing was changed");
}

/// Deletes the workloads when the cluster is known; a missing cluster (never
/// deployed, or already gone) is not an error.
void delete_workloads(const model::Environment& env, const tc::InfrastructureOutputs& out, const tc::Workspace& ws,
                      bool purge) {
  if (out.cluster_name.empty()) {
    std::fprintf(stderr, "No cluster in the state: no workloads to delete.\n");
    return;
  }
  try {
    fetch_cluster_credentials(env, out, ws);
    clients::KubectlOptions ko;
    ko.kubeconfig = ws.kubeconfig;
    clients::Kubectl(ko).delete_workloads(env.namespace_name, clients::instance_selector(env.instance_name()));
    std::fprintf(stderr, "Deleted the workloads of %s in namespace %s.\n", env.instance_name().c_str(),
                 env.namespace_name.c_str());
  } catch (const std::exception& e) {
    // With --purge the cluster goes with everything else; without it, the
    // workloads are what `down` is for.
    if (!purge) throw;
    app::Terminal::get().warning(std::string("could not delete the workloads (the cluster is destroyed next): ") +
                                 e.what());
  }
}

}  // namespace

bool is_production(const config::LoadedEnvironment& loaded) {
  if (loaded.env.copy) return false;
  for (const auto& f : loaded.env.files)
    if (std::filesystem::path(f).filename() == "production.yaml") return true;
  return loaded.env.name == "production";
}

int cloud_down(const GlobalOptions& g, const config::LoadedEnvironment& loaded, const CloudDownOptions& o) {
  const model::Environment& env = loaded.env;
  const auto& term = app::Terminal::get();
  if (is_production(loaded)) confirm_production(loaded, o.yes);
  check_cloud_access(env);
  auto infra = prepare_infrastructure(g, loaded, o.cloud, o.purge);
  delete_workloads(env, infra.outputs(), infra.workspace(), o.purge);
  if (o.purge) {
    // Deletion protection lives in the state: lift it first, then destroy.
    const auto unprotect = infra.plan();
    if (unprotect.has_changes) {
      std::fprintf(stderr, "Lifting deletion protection:\n%s\n", clients::format_plan(unprotect.summary).c_str());
      infra.apply(unprotect);
    }
    const auto destroy = infra.plan(/*destroy=*/true);
    print_plan(destroy, env.instance_name());
    if (destroy.has_changes) infra.apply(destroy);
    std::fprintf(stderr, "%s\n", term.green(env.instance_name() + " is destroyed, data included.", true).c_str());
    return app::ok;
  }
  const auto destroy = infra.plan(/*destroy=*/true, dataless_modules(env));
  tc::Infrastructure::refuse_protected(destroy, env.name);  // never reached by design; a guard
  print_plan(destroy, env.instance_name());
  if (destroy.has_changes) infra.apply(destroy);
  std::fprintf(stderr, "%s\n",
               term.green(env.instance_name() + " is down: workloads deleted, monitoring removed.", true).c_str());
  std::fprintf(stderr,
               "Kept: the databases, caches, buckets, the cluster and its volumes, the network and the registry. "
               "`stackctl down %s --purge` destroys them.\n",
               env.name.c_str());
  return app::ok;
}

}  // namespace stackctl::commands
