// stackctl plan ENV: what `up` would change in the environment's
// infrastructure, without changing it (gcp/aws: terraform plan of the
// rendered root module, summarised as creates, updates, replacements and
// destroys, with the protected resources marked).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "app/exit_code.hpp"
#include "commands/commands.hpp"
#include "commands/plan_view.hpp"
#include "commands/progress_view.hpp"
#include "commands/target_support.hpp"

namespace stackctl::commands {
namespace {

struct Options {
  EnvironmentOutputOptions base;
  targets::PlanOptions plan;
  std::string plugin_mirror;
  bool detailed_exitcode = false;
};

int run(const GlobalOptions& g, const Options& o) {
  ProgressView progress(isatty(STDERR_FILENO) != 0 && o.base.output != "json");
  const config::LoadedEnvironment loaded = load_valid(g, o.base.env);
  const auto target = open_target(g, loaded, &progress, o.plugin_mirror);
  const auto result = target->plan(o.plan);
  if (o.base.output == "json") {
    std::printf("%s\n", infrastructure_plan_json(result.infrastructure).dump(2).c_str());
  } else {
    print_infrastructure_plan(result.infrastructure);
    if (result.needs_allow_destroy)
      std::fprintf(stderr, "warning: `stackctl up %s` refuses this plan unless --allow-destroy is given.\n",
                   loaded.env.name.c_str());
  }
  return o.detailed_exitcode && result.infrastructure.has_changes ? 2 : app::ok;
}

}  // namespace

void register_plan(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb =
      app.add_subcommand("plan", "Show what `up` would change in a cloud environment's infrastructure (terraform plan)");
  add_environment_options(verb, o->base.env);
  add_output_option(verb, o->base.output, {"text", "json"});
  add_plugin_mirror_option(verb, o->plugin_mirror);
  verb->add_flag("--destroy", o->plan.destroy, "Plan the destruction of everything (what `down --purge` would do)");
  verb->add_flag("--detailed-exitcode", o->detailed_exitcode, "Exit 2 when there are changes (0: none, 1: error)");
  verb->footer(
      "Examples:\n"
      "  stackctl plan staging\n"
      "  stackctl plan production -o json             for CI: creates, updates, deletes and each change\n"
      "  stackctl plan aws-staging --plugin-mirror /opt/tf-plugins");
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
