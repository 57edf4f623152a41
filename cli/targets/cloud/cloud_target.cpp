#include "targets/cloud/cloud_target.hpp"

#include "clients/kubectl.hpp"
#include "clients/plan_summary.hpp"
#include "config/template_files.hpp"
#include "images/image_tags.hpp"
#include "images/push.hpp"
#include "releases/source_info.hpp"
#include "targets/cloud/kubernetes_deploy.hpp"
#include "targets/docker/docker_target.hpp"
#include "targets/docker/images.hpp"

namespace stackctl::targets::cloud {
namespace {

InfrastructurePlan reviewed(const ReviewedPlan& plan, const std::string& environment) {
  return InfrastructurePlan{environment, plan.summary, plan.has_changes};
}

}  // namespace

std::string CloudTarget::kubectl_hint() const {
  return "after `stackctl up " + env().name + "` use kubectl --kubeconfig .stackctl/kube/" + env().instance_name() +
         ".kubeconfig";
}

Infrastructure CloudTarget::prepare_infrastructure(bool purge) {
  InfrastructureOptions io;
  io.project_root = context().root;
  io.plugin_mirror = plugin_mirror(context().plugin_mirror);
  io.purge = purge;
  io.secrets = context().secrets();
  io.on_progress = [this](const std::string& line) { progress().tool_line("terraform", line); };
  Infrastructure infra(env(), std::move(io));
  progress().note("Initialising Terraform for " + env().instance_name() + " (" +
                  model::to_string(env().state.backend) + " state)...");
  infra.prepare();
  return infra;
}

PlanResult CloudTarget::plan(const PlanOptions& options) {
  check_access();
  auto infra = prepare_infrastructure(/*purge=*/false);
  const auto plan = infra.plan(options.destroy);
  PlanResult result;
  result.infrastructure = reviewed(plan, env().instance_name());
  result.needs_allow_destroy = !plan.summary.protected_destroys().empty();
  return result;
}

UpResult CloudTarget::up(const UpOptions& options) {
  if (const std::string account = check_access(); !account.empty()) progress().note(account);
  auto infra = prepare_infrastructure(/*purge=*/false);
  const auto plan = infra.plan();
  UpResult result;
  result.environment = env().instance_name();
  result.infrastructure = reviewed(plan, result.environment);
  progress().infrastructure_plan(*result.infrastructure);
  if (!options.allow_destroy) Infrastructure::refuse_protected(plan, env().name);
  if (plan.has_changes) {
    progress().note("Applying the plan...");
    infra.apply(plan);
  }
  result.changed = plan.has_changes;
  const auto outputs = infra.outputs();
  progress().note("Infrastructure of " + result.environment + " is up to date.");
  result.outputs = {{"registry", outputs.registry}, {"cluster", outputs.cluster_name}};
  if (options.infra_only) {
    result.infrastructure_only = true;
    return result;
  }

  const auto ws = infra.workspace();
  progress().note("Cluster credentials into " + ws.kubeconfig.string());
  fetch_cluster_credentials(outputs, ws);
  progress().note("Images to " + outputs.registry);
  result.images = ship_images(outputs.registry);
  config::Diagnostics diags;
  const auto templates = config::load_template_files(context().root, env().name, diags);
  if (!diags.empty()) throw config::InvalidInput(diags.sorted());
  progress().note("Deploying to namespace " + env().namespace_name);
  result.workloads =
      deploy_kubernetes({env(), context().loaded->scope, templates, result.images, outputs, infra.secrets(), ws},
                        [this](const std::string& line) { progress().note("  " + line); });
  for (const auto& w : result.workloads) result.changes.push_back({w, "rolled out", "", 0});
  result.changed = result.changed || !result.workloads.empty();
  return result;
}

std::map<std::string, std::string> CloudTarget::ship_images(const std::string& registry_prefix) {
  std::map<std::string, std::string> by_digest;
  bool any_built = false;
  for (const auto& s : env().services) any_built = any_built || s.build.has_value();
  if (!any_built) return by_digest;
  const auto engine = docker::connect_engine(model::Environment{});  // this machine's engine builds
  docker::BuildEvents events;
  events.on_start = [this](const std::string& service, const std::string& tag, bool cached) {
    progress().note(std::string("  ") + (cached ? "image " : "building ") + service + " (" + tag + ")");
  };
  const auto built =
      docker::ensure_images(engine, context().root, env(), releases::source_commit(context().root), events);
  const auto slash = registry_prefix.find('/');
  if (slash == std::string::npos)
    throw std::runtime_error("terraform output `registry` is " + registry_prefix + ", not HOST/PATH");
  registry::RegistryTarget target;
  target.host = registry_prefix.substr(0, slash);
  target.credentials = registry_credentials();
  for (const auto& s : env().services) {
    if (!s.build) continue;
    target.repository = registry_prefix.substr(slash + 1) + "/" + s.name;
    target.tag = images::content_hash(context().root, *s.build);
    const auto r = images::push_image(engine, built.services.at(s.name), target);
    progress().note("  pushed " + r.reference + " (" + std::to_string(r.blobs_uploaded) + " blobs uploaded, " +
                    std::to_string(r.blobs_skipped) + " already there)");
    by_digest[s.name] = r.reference;
  }
  return by_digest;
}

void CloudTarget::delete_workloads(const InfrastructureOutputs& out, const Workspace& ws, bool purge) {
  if (out.cluster_name.empty()) {
    progress().note("No cluster in the state: no workloads to delete.");
    return;
  }
  try {
    fetch_cluster_credentials(out, ws);
    clients::KubectlOptions ko;
    ko.kubeconfig = ws.kubeconfig;
    clients::Kubectl(ko).delete_workloads(env().namespace_name, clients::instance_selector(env().instance_name()));
    progress().note("Deleted the workloads of " + env().instance_name() + " in namespace " + env().namespace_name +
                    ".");
  } catch (const std::exception& e) {
    // With purge the cluster goes with everything else; without it, the
    // workloads are what `down` is for.
    if (!purge) throw;
    progress().note(std::string("warning: could not delete the workloads (the cluster is destroyed next): ") +
                    e.what());
  }
}

DownResult CloudTarget::down(const DownOptions& options) {
  check_access();
  auto infra = prepare_infrastructure(options.purge);
  delete_workloads(infra.outputs(), infra.workspace(), options.purge);
  DownResult result;
  result.environment = env().instance_name();
  if (options.purge) {
    // Deletion protection lives in the state: lift it first, then destroy.
    const auto unprotect = infra.plan();
    if (unprotect.has_changes) {
      progress().note("Lifting deletion protection:");
      progress().infrastructure_plan(reviewed(unprotect, result.environment));
      infra.apply(unprotect);
    }
    const auto destroy = infra.plan(/*destroy=*/true);
    progress().infrastructure_plan(reviewed(destroy, result.environment));
    if (destroy.has_changes) infra.apply(destroy);
    result.destroyed = true;
    return result;
  }
  const auto destroy = infra.plan(/*destroy=*/true, dataless_modules());
  Infrastructure::refuse_protected(destroy, env().name);  // never reached by design; a guard
  progress().infrastructure_plan(reviewed(destroy, result.environment));
  if (destroy.has_changes) infra.apply(destroy);
  result.removed = {"the workloads", "the monitoring"};
  result.kept = {"the databases", "caches", "buckets", "the cluster and its volumes", "the network and the registry"};
  return result;
}

}  // namespace stackctl::targets::cloud
