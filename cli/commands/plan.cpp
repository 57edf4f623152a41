// stackctl plan ENV: what `up` would change in a cloud environment's
// infrastructure, without changing it: terraform plan of the rendered root
// module, summarised as creates, updates, replacements and destroys, with
// the protected resources (databases, caches, buckets, clusters) marked.
#include <cstdio>
#include <memory>

#include "app/exit_code.hpp"
#include "commands/cloud_support.hpp"
#include "commands/commands.hpp"

namespace stackctl::commands {
namespace {

struct Options {
  EnvironmentOutputOptions base;
  CloudOptions cloud;
  bool destroy = false;
  bool detailed_exitcode = false;
};

int run(const GlobalOptions& g, const Options& o) {
  const config::LoadedEnvironment loaded = load_valid(g, o.base.env);
  const model::Environment& env = loaded.env;
  if (!is_cloud_target(env))
    throw std::runtime_error("plan shows the Terraform infrastructure of gcp and aws targets; " + env.name +
                             " is a docker target (stackctl up " + env.name + " reports what it changes)");
  check_cloud_access(env);
  auto infra = prepare_infrastructure(g, loaded, o.cloud, /*purge=*/false);
  const auto plan = infra.plan(o.destroy);
  if (o.base.output == "json")
    std::printf("%s\n", plan_json(plan, env.instance_name()).dump(2).c_str());
  else
    print_plan(plan, env.instance_name());
  if (!plan.summary.protected_destroys().empty() && o.base.output != "json")
    std::fprintf(stderr, "warning: `stackctl up %s` refuses this plan unless --allow-destroy is given.\n",
                 env.name.c_str());
  return o.detailed_exitcode && plan.has_changes ? 2 : app::ok;
}

}  // namespace

void register_plan(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb =
      app.add_subcommand("plan", "Show what `up` would change in a cloud environment's infrastructure (terraform plan)");
  add_environment_options(verb, o->base.env);
  add_output_option(verb, o->base.output, {"text", "json"});
  add_cloud_options(verb, o->cloud);
  verb->add_flag("--destroy", o->destroy, "Plan the destruction of everything (what `down --purge` would do)");
  verb->add_flag("--detailed-exitcode", o->detailed_exitcode, "Exit 2 when there are changes (0: none, 1: error)");
  verb->footer(
      "Examples:\n"
      "  stackctl plan staging\n"
      "  stackctl plan production -o json             for CI: creates, updates, deletes and each change\n"
      "  stackctl plan aws-staging --plugin-mirror /opt/tf-plugins");
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
