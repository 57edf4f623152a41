// stackctl up [ENV]: build what changed, provision and deploy the
// environment on its target, wait until it is ready, record the release and
// print the endpoints.
#include <memory>

#include "commands/commands.hpp"
#include "commands/target_support.hpp"
#include "commands/up_view.hpp"

namespace stackctl::commands {
namespace {

struct Options : EnvironmentOutputOptions {
  targets::UpOptions up;
  std::string plugin_mirror;
};

int run(const GlobalOptions& g, const Options& o) {
  return run_deploy(g, o.env, o.output, o.plugin_mirror, [&](targets::Target& t) { return t.up(o.up); });
}

}  // namespace

void register_up(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb = app.add_subcommand(
      "up", "Deploy an environment: its Docker Engine (default: local), or its cloud (Terraform, then Kubernetes)");
  add_environment_options(verb, o->env);
  add_output_option(verb, o->output, {"text", "json"});
  add_plugin_mirror_option(verb, o->plugin_mirror);
  verb->add_flag("--allow-destroy", o->up.allow_destroy,
                 "gcp/aws: apply a plan that destroys or replaces databases, caches, buckets or the cluster");
  verb->add_flag("--infra-only", o->up.infra_only,
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
