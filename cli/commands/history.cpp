// stackctl history [ENV]: the environment's releases, newest first.
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/exit_code.hpp"
#include "app/table.hpp"
#include "commands/commands.hpp"
#include "commands/target_support.hpp"

namespace stackctl::commands {
namespace {

using Options = EnvironmentOutputOptions;

int run(const GlobalOptions& g, const Options& o) {
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  const std::string instance = loaded.env.instance_name();
  const auto releases = open_target(g, loaded)->history();
  if (o.output == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : releases)
      out.push_back({{"release", r.number},
                     {"time", r.time},
                     {"user", r.user},
                     {"source_commit", r.source_commit},
                     {"note", r.note},
                     {"images", r.images}});
    std::printf("%s\n", out.dump(2).c_str());
    return app::ok;
  }
  if (releases.empty()) {
    std::fprintf(stderr, "%s has no releases yet: `stackctl up %s` records the first.\n", instance.c_str(),
                 loaded.env.name.c_str());
    return app::ok;
  }
  std::vector<std::vector<std::string>> rows{{"RELEASE", "TIME", "USER", "COMMIT", "NOTE"}};
  for (const auto& r : releases)
    rows.push_back({std::to_string(r.number), r.time, r.user,
                    r.source_commit.empty() ? "-" : r.source_commit.substr(0, 12) +
                                                        (r.source_commit.ends_with("-dirty") ? "-dirty" : ""),
                    r.note});
  app::print_table(rows);
  return app::ok;
}

}  // namespace

void register_history(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb = app.add_subcommand("history", "List an environment's releases, newest first");
  add_environment_options(verb, o->env);
  add_output_option(verb, o->output, {"text", "json"});
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
