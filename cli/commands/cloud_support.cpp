#include "commands/cloud_support.hpp"

#include <cstdio>

#include "app/terminal.hpp"
#include "clients/aws_cli.hpp"
#include "clients/gcloud.hpp"
#include "commands/docker_support.hpp"

namespace stackctl::commands {

void add_cloud_options(CLI::App* verb, CloudOptions& o) {
  verb->add_option("--plugin-mirror", o.plugin_mirror,
                   "Install Terraform providers only from this filesystem mirror (offline; else "
                   "$STACKCTL_TF_PLUGIN_MIRROR, else the registry)")
      ->type_name("DIR");
}

bool is_cloud_target(const model::Environment& env) { return env.target.kind != model::TargetKind::docker; }

std::string check_cloud_access(const model::Environment& env) {
  if (env.target.kind != model::TargetKind::gcp) return "";
  return clients::Gcloud().check_auth(env.target.project);
}

targets::cloud::Infrastructure prepare_infrastructure(const GlobalOptions& g, const config::LoadedEnvironment& loaded,
                                                      const CloudOptions& o, bool purge) {
  targets::cloud::InfrastructureOptions io;
  io.project_root = g.root;
  io.plugin_mirror = targets::cloud::plugin_mirror(o.plugin_mirror);
  io.purge = purge;
  io.secrets = deploy_secrets(g, loaded);
  io.on_progress = [](const std::string& line) { std::fprintf(stderr, "  terraform | %s\n", line.c_str()); };
  targets::cloud::Infrastructure infra(loaded.env, std::move(io));
  std::fprintf(stderr, "Initialising Terraform for %s (%s state)...\n", loaded.env.instance_name().c_str(),
               model::to_string(loaded.env.state.backend));
  infra.prepare();
  return infra;
}

void fetch_cluster_credentials(const model::Environment& env, const targets::cloud::InfrastructureOutputs& out,
                               const targets::cloud::Workspace& ws) {
  if (env.target.kind == model::TargetKind::gcp) {
    clients::Gcloud().get_credentials(out.cluster_name, out.cluster_location, env.target.project, ws.kubeconfig);
    return;
  }
  std::optional<std::string> endpoint;
  if (!env.target.endpoint.empty()) endpoint = env.target.endpoint;
  clients::AwsCli().update_kubeconfig(out.cluster_name, env.target.region, ws.kubeconfig, endpoint);
}

void print_plan(const targets::cloud::ReviewedPlan& plan, const std::string& environment) {
  const bool color = app::Terminal::get().color_stderr();
  std::fprintf(stderr, "Infrastructure plan for %s:\n%s\n", environment.c_str(),
               clients::format_plan(plan.summary, color).c_str());
}

nlohmann::json plan_json(const targets::cloud::ReviewedPlan& plan, const std::string& environment) {
  const auto& s = plan.summary;
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : s.changes)
    changes.push_back({{"address", c.address}, {"type", c.type}, {"actions", c.actions}, {"protected", c.protected_type}});
  return {{"environment", environment},
          {"changes_pending", plan.has_changes},
          {"create", s.creates},
          {"update", s.updates},
          {"delete", s.deletes},
          {"replace", s.replaces},
          {"changes", changes}};
}

}  // namespace stackctl::commands
