#include "commands/cloud_up.hpp"

#include <cstdio>

#include "app/exit_code.hpp"
#include "app/terminal.hpp"
#include "images/image_tags.hpp"
#include "clients/aws_cli.hpp"
#include "clients/gcloud.hpp"
#include "commands/docker_support.hpp"
#include "config/template_files.hpp"
#include "images/push.hpp"
#include "releases/source_info.hpp"
#include "targets/cloud/kubernetes_deploy.hpp"
#include "targets/docker/images.hpp"

namespace stackctl::commands {
namespace {

namespace tc = targets::cloud;

void note(const std::string& line) { std::fprintf(stderr, "  %s\n", line.c_str()); }

registry::Credentials registry_credentials(const model::Environment& env) {
  if (env.target.kind == model::TargetKind::gcp) return {"oauth2accesstoken", clients::Gcloud().access_token()};
  std::optional<std::string> endpoint;
  if (!env.target.endpoint.empty()) endpoint = env.target.endpoint;
  return {"AWS", clients::AwsCli().ecr_password(env.target.region, endpoint)};
}

/// Builds what is missing, pushes every built service to the registry the
/// infrastructure made, and returns service -> image by digest.
std::map<std::string, std::string> ship_images(const GlobalOptions& g, const model::Environment& env,
                                               const std::string& registry_prefix) {
  std::map<std::string, std::string> by_digest;
  bool any_built = false;
  for (const auto& s : env.services) any_built = any_built || s.build.has_value();
  if (!any_built) return by_digest;
  const engine::Engine engine = connect_engine(model::Environment{});  // this machine's engine builds
  targets::docker::BuildEvents events;
  events.on_start = [](const std::string& service, const std::string& tag, bool cached) {
    note((cached ? "image " : "building ") + service + " (" + tag + ")");
  };
  const auto images = targets::docker::ensure_images(engine, g.root, env, releases::source_commit(g.root), events);
  const auto slash = registry_prefix.find('/');
  if (slash == std::string::npos)
    throw std::runtime_error("terraform output `registry` is " + registry_prefix + ", not HOST/PATH");
  registry::RegistryTarget target;
  target.host = registry_prefix.substr(0, slash);
  target.credentials = registry_credentials(env);
  for (const auto& s : env.services) {
    if (!s.build) continue;
    target.repository = registry_prefix.substr(slash + 1) + "/" + s.name;
    target.tag = images::content_hash(g.root, *s.build);
    const auto r = images::push_image(engine, images.services.at(s.name), target);
    note("pushed " + r.reference + " (" + std::to_string(r.blobs_uploaded) + " blobs uploaded, " +
         std::to_string(r.blobs_skipped) + " already there)");
    by_digest[s.name] = r.reference;
  }
  return by_digest;
}

}  // namespace

int cloud_up(const GlobalOptions& g, const config::LoadedEnvironment& loaded, const CloudUpOptions& o,
             const std::string& output) {
  const model::Environment& env = loaded.env;
  const auto& term = app::Terminal::get();
  if (const std::string account = check_cloud_access(env); !account.empty())
    std::fprintf(stderr, "gcloud: %s, project %s\n", account.c_str(), env.target.project.c_str());
  auto infra = prepare_infrastructure(g, loaded, o.cloud, /*purge=*/false);
  const auto plan = infra.plan();
  print_plan(plan, env.instance_name());
  if (!o.allow_destroy) tc::Infrastructure::refuse_protected(plan, env.name);
  if (plan.has_changes) {
    std::fprintf(stderr, "Applying the plan...\n");
    infra.apply(plan);
  }
  const auto outputs = infra.outputs();
  std::fprintf(stderr, "%s\n", term.green("Infrastructure of " + env.instance_name() + " is up to date.", true).c_str());
  nlohmann::json report = {{"environment", env.instance_name()},
                           {"infrastructure", plan_json(plan, env.instance_name())},
                           {"outputs", {{"registry", outputs.registry}, {"cluster", outputs.cluster_name}}}};
  if (o.infra_only) {
    if (output == "json") std::printf("%s\n", report.dump(2).c_str());
    return app::ok;
  }

  const auto ws = infra.workspace();
  std::fprintf(stderr, "Cluster credentials into %s\n", ws.kubeconfig.c_str());
  fetch_cluster_credentials(env, outputs, ws);
  std::fprintf(stderr, "Images to %s\n", outputs.registry.c_str());
  auto images = ship_images(g, env, outputs.registry);
  config::Diagnostics diags;
  const auto templates = config::load_template_files(g.root, env.name, diags);
  if (!diags.empty()) throw config::InvalidInput(diags.sorted());
  std::fprintf(stderr, "Deploying to namespace %s\n", env.namespace_name.c_str());
  const auto workloads = tc::deploy_kubernetes(
      {env, loaded.scope, templates, images, outputs, infra.secrets(), ws}, note);
  std::fprintf(stderr, "%s\n",
               term.green(env.instance_name() + " is up: " + std::to_string(workloads.size()) + " workloads rolled out.",
                          true)
                   .c_str());
  report["workloads"] = workloads;
  report["images"] = images;
  if (output == "json") std::printf("%s\n", report.dump(2).c_str());
  return app::ok;
}

}  // namespace stackctl::commands
