// stackctl envs: the environments of the project with their target kinds.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "app/exit_code.hpp"
#include "app/table.hpp"
#include "app/terminal.hpp"
#include "commands/commands.hpp"
#include "model/target_location.hpp"

namespace stackctl::commands {
namespace {

int run(const GlobalOptions& g, const std::string& output) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& name : config::list_environments(g.root)) {
    EnvironmentOptions eo;
    eo.environment = name;
    config::LoadedEnvironment loaded = config::load_environment(load_options(g, eo));
    const auto& env = loaded.env;
    const std::string where = loaded.abstract ? "-" : model::location(env.target);
    list.push_back({{"name", name},
                    {"abstract", loaded.abstract},
                    {"target", model::to_string(env.target.kind)},
                    {"location", where},
                    {"namespace", env.namespace_name},
                    {"extends", env.files},
                    {"valid", loaded.abstract || loaded.diags.empty()}});
  }
  if (output == "json") {
    std::printf("%s\n", list.dump(2).c_str());
    return app::ok;
  }
  const auto& term = app::Terminal::get();
  std::vector<std::vector<std::string>> rows{{"NAME", "TARGET", "LOCATION", "NAMESPACE", ""}};
  for (const auto& e : list) {
    std::string note = e["abstract"].get<bool>() ? "(abstract: only extended)" : "";
    if (!e["valid"].get<bool>())
      note = term.red("(invalid: run stackctl validate " + e["name"].get<std::string>() + ")", false);
    rows.push_back({e["name"], e["abstract"].get<bool>() ? "-" : e["target"].get<std::string>(), e["location"],
                    e["abstract"].get<bool>() ? "-" : e["namespace"].get<std::string>(), note});
  }
  app::print_table(rows);
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
