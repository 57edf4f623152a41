// stackctl rollback [ENV] [--to N]: redeploys release N (default: the one
// before the latest) from its own record, images by digest, no rebuild;
// records a new release that says so.
#include <memory>

#include "commands/commands.hpp"
#include "commands/up_view.hpp"

namespace stackctl::commands {
namespace {

struct Options {
  EnvironmentOptions env;
  targets::RollbackOptions rollback;
  std::string output;
};

int run(const GlobalOptions& g, const Options& o) {
  return run_deploy(g, o.env, o.output, "", [&](targets::Target& t) { return t.rollback(o.rollback); });
}

}  // namespace

void register_rollback(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb = app.add_subcommand("rollback", "Redeploy an earlier release by image digest, without a rebuild");
  add_environment_options(verb, o->env);
  verb->add_option("--to", o->rollback.to, "The release to return to (default: the one before the latest)")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  add_output_option(verb, o->output, {"text", "json"});
  verb->footer(
      "Examples:\n"
      "  stackctl rollback local           back to the release before the latest\n"
      "  stackctl rollback local --to 3    see `stackctl history local`");
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
