// stackctl up [ENV]: build what changed, start the environment's containers
// on its Docker Engine, wait until they are ready, record the release and
// print the endpoints.
#include <unistd.h>

#include <memory>

#include "app/exit_code.hpp"
#include "commands/cloud_up.hpp"
#include "commands/commands.hpp"
#include "commands/deploy.hpp"
#include "commands/docker_support.hpp"
#include "releases/source_info.hpp"
#include "targets/docker/images.hpp"

namespace stackctl::commands {
namespace td = targets::docker;
namespace {

struct Options : EnvironmentOutputOptions {
  CloudUpOptions cloud;
};

int run(const GlobalOptions& g, const Options& o) {
  const bool terminal = isatty(STDERR_FILENO) != 0;  // before output protection swaps stderr for a pipe
  DeployView view(terminal && o.output != "json");
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  const model::Environment& env = loaded.env;
  if (is_cloud_target(env)) return cloud_up(g, loaded, o.cloud, o.output);
  auto secrets = deploy_secrets(g, loaded);
  const engine::Engine engine = connect_engine(env);
  auto store = open_release_store_for_deploy(g, env.instance_name());

  const std::string commit = releases::source_commit(g.root);
  const td::Images images = td::ensure_images(engine, g.root, env, commit, view.build_events());
  view.finish_line();
  DeployRequest request;
  request.loaded = &loaded;
  request.engine = &engine;
  request.store = &store;
  request.plan = td::make_plan(env, images);
  td::ensure_pulled(engine, request.plan, [&](const std::string& image) { view.note("pulling " + image); });
  request.secrets = std::move(secrets);
  request.release.source_commit = commit;
  request.release.images = images.services;
  request.output = o.output;
  return deploy(g, std::move(request), view);
}

}  // namespace

void register_up(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb = app.add_subcommand(
      "up", "Deploy an environment: its Docker Engine (default: local), or its cloud (Terraform, then Kubernetes)");
  add_environment_options(verb, o->env);
  add_output_option(verb, o->output, {"text", "json"});
  add_cloud_options(verb, o->cloud.cloud);
  verb->add_flag("--allow-destroy", o->cloud.allow_destroy,
                 "gcp/aws: apply a plan that destroys or replaces databases, caches, buckets or the cluster");
  verb->add_flag("--infra-only", o->cloud.infra_only,
                 "gcp/aws: stop once the infrastructure is applied (no images, no Kubernetes deploy)");
  verb->footer(
      "Only what changed is rebuilt and replaced; a second `up` with nothing changed touches no container.\n"
      "Examples:\n"
      "  stackctl up                     the local environment\n"
      "  stackctl up local --copy pr-42  a copy beside it (own network, volumes and ports)\n"
      "  stackctl up dev -o json         for CI: changes, release number and endpoints\n"
      "  stackctl up staging             GCP: terraform, gcloud credentials, image push, kubectl apply\n"
      "  stackctl up aws-staging --infra-only   only the Terraform part");
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
