// stackctl down [ENV] [--purge]: removes the environment's containers and
// network from its Docker Engine; its volumes (the data) stay unless --purge.
#include <cstdio>
#include <memory>

#include "app/exit_code.hpp"
#include "app/terminal.hpp"
#include "commands/cloud_down.hpp"
#include "commands/commands.hpp"
#include "commands/docker_support.hpp"
#include "targets/docker/teardown.hpp"

namespace stackctl::commands {
namespace {

struct Options {
  EnvironmentOptions env;
  bool purge = false;
  bool yes = false;
  CloudOptions cloud;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

int run(const GlobalOptions& g, const Options& o) {
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  const model::Environment& env = loaded.env;
  if (is_cloud_target(env)) return cloud_down(g, loaded, CloudDownOptions{o.cloud, o.purge, o.yes});
  const engine::Engine engine = connect_engine(env);
  const auto r = targets::docker::teardown(engine, env.stack, env.instance_name(), o.purge);
  const auto& term = app::Terminal::get();
  if (r.containers.empty() && r.networks.empty() && r.volumes.empty()) {
    std::fprintf(stderr, "%s is not running: nothing to remove%s.\n", env.instance_name().c_str(),
                 r.kept_volumes.empty() ? "" : (" (volumes kept: " + joined(r.kept_volumes) + ")").c_str());
    return app::ok;
  }
  std::fprintf(stderr, "%s\n",
               term.green(env.instance_name() + " is down: removed " + std::to_string(r.containers.size()) +
                              " containers and " + std::to_string(r.networks.size()) + " network" +
                              (o.purge ? " and " + std::to_string(r.volumes.size()) + " volumes" : std::string()) +
                              ".",
                          true)
                   .c_str());
  if (!r.kept_volumes.empty())
    std::fprintf(stderr, "Kept the volumes %s; `stackctl down %s --purge` removes them.\n",
                 joined(r.kept_volumes).c_str(), env.name.c_str());
  return app::ok;
}

}  // namespace

void register_down(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb = app.add_subcommand("down", "Take an environment down: its containers, or its cloud workloads and infrastructure");
  add_environment_options(verb, o->env);
  verb->add_flag("--purge", o->purge,
                 "Also remove the data: volumes (docker); databases, caches, buckets and the cluster (gcp/aws)");
  verb->add_flag("-y,--yes", o->yes, "Production (gcp/aws): go ahead, after the environment's name is typed back");
  add_cloud_options(verb, o->cloud);
  verb->footer(
      "Examples:\n"
      "  stackctl down                     the local environment; data volumes stay\n"
      "  stackctl down local --copy pr-42 --purge\n"
      "  stackctl down staging             workloads and monitoring; the data stays\n"
      "  stackctl down production --yes    asks for the name typed back");
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
