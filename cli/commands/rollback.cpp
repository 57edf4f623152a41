// stackctl rollback [ENV] [--to N]: redeploys release N (default: the one
// before the latest) from its own recorded plan, images by digest, no
// rebuild; records a new release that says so.
#include <unistd.h>

#include <memory>

#include <nlohmann/json.hpp>

#include "app/exit_code.hpp"
#include "commands/commands.hpp"
#include "commands/deploy.hpp"
#include "commands/docker_support.hpp"

namespace stackctl::commands {
namespace td = targets::docker;
namespace {

struct Options {
  EnvironmentOptions env;
  int to = 0;
  std::string output;
};

int run(const GlobalOptions& g, const Options& o) {
  const bool terminal = isatty(STDERR_FILENO) != 0;
  DeployView view(terminal && o.output != "json");
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  const model::Environment& env = loaded.env;
  require_docker_target(env, "rollback");
  const std::string instance = env.instance_name();
  auto store = open_release_store_for_deploy(g, instance);
  const auto history = store.history(instance);
  if (history.empty()) throw std::runtime_error(instance + " has no releases to roll back to");
  int target = o.to;
  if (target == 0) {
    if (history.size() < 2)
      throw std::runtime_error(instance + " has only release " + std::to_string(history.front().number) +
                               "; there is nothing before it");
    target = history[1].number;
  }
  auto release = store.get(instance, target);
  if (!release)
    throw std::runtime_error(instance + " has no release " + std::to_string(target) + " (latest: " +
                             std::to_string(history.front().number) + "; see `stackctl history " + env.name + "`)");
  auto file = release->files.find(plan_file);
  if (file == release->files.end())
    throw std::runtime_error("release " + std::to_string(target) + " of " + instance + " holds no " + plan_file);

  auto secrets = deploy_secrets(g, loaded);
  const engine::Engine engine = connect_engine(env);
  DeployRequest request;
  request.loaded = &loaded;
  request.engine = &engine;
  request.store = &store;
  request.plan = td::plan_from_json(nlohmann::json::parse(file->second));
  // By digest: an image that is gone (pruned) cannot be rolled back to.
  for (const auto& [service, image] : release->images)
    if (!engine.image_exists(image))
      throw std::runtime_error("image " + image + " of " + service + " (release " + std::to_string(target) +
                               ") is no longer on the Docker Engine; it cannot be redeployed without a rebuild");
  td::ensure_pulled(engine, request.plan, [&](const std::string& image) { view.note("pulling " + image); });
  for (const auto& name : td::referenced_secrets(request.plan))
    if (!secrets.count(name))
      throw std::runtime_error("release " + std::to_string(target) + " uses secret \"" + name +
                               "\", which the environment no longer has; add it back with `stackctl secrets set`");
  request.secrets = std::move(secrets);
  request.release.source_commit = release->source_commit;
  request.release.images = release->images;
  request.release.note = "rollback to release " + std::to_string(target);
  request.always_record = true;
  request.output = o.output;
  view.note("rolling " + instance + " back to release " + std::to_string(target) + " (" + release->time + ")");
  return deploy(g, std::move(request), view);
}

}  // namespace

void register_rollback(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb = app.add_subcommand("rollback", "Redeploy an earlier release by image digest, without a rebuild");
  add_environment_options(verb, o->env);
  verb->add_option("--to", o->to, "The release to return to (default: the one before the latest)")
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
