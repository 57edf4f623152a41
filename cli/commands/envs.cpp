// stackctl envs: the environments of the project with their target kinds.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "app/exit_code.hpp"
#include "app/terminal.hpp"
#include "commands/commands.hpp"

namespace stackctl::commands {
namespace {

int run(const GlobalOptions& g, const std::string& output) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& name : config::list_environments(g.root)) {
    EnvironmentOptions eo;
    eo.environment = name;
    config::LoadedEnvironment loaded = config::load_environment(load_options(g, eo));
    const auto& env = loaded.env;
    std::string where = env.target.host.empty() ? std::string("local engine") : env.target.host;
    if (env.target.kind == model::TargetKind::gcp) where = env.target.project + "/" + env.target.region;
    if (env.target.kind == model::TargetKind::aws) where = env.target.region;
    list.push_back({{"name", name},
                    {"target", model::to_string(env.target.kind)},
                    {"location", where},
                    {"namespace", env.namespace_name},
                    {"extends", env.files},
                    {"valid", loaded.diags.empty()}});
  }
  if (output == "json") {
    std::printf("%s\n", list.dump(2).c_str());
    return app::ok;
  }
  const auto& term = app::Terminal::get();
  std::printf("%s\n", term.bold("NAME                 TARGET  LOCATION                       NAMESPACE").c_str());
  for (const auto& e : list) {
    std::string valid = e["valid"].get<bool>() ? "" : "  " + term.red("(invalid: run stackctl validate)", false);
    std::printf("%-20s %-7s %-30s %s%s\n", e["name"].get<std::string>().c_str(), e["target"].get<std::string>().c_str(),
                e["location"].get<std::string>().c_str(), e["namespace"].get<std::string>().c_str(), valid.c_str());
  }
  return app::ok;
}

}  // namespace

void register_envs(CLI::App& app, GlobalOptions& g) {
  auto output = std::make_shared<std::string>();
  CLI::App* verb = app.add_subcommand("envs", "List the environments and their targets");
  add_output_option(verb, *output, {"text", "json"});
  verb->footer("Examples:\n  stackctl envs\n  stackctl -C ~/src/shop envs -o json");
  verb->callback([&g, output] { g.exit_code = run(g, *output); });
}

}  // namespace stackctl::commands
