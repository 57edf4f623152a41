#include "commands/deploy.hpp"

#include <cstdio>

#include "app/terminal.hpp"
#include "commands/docker_support.hpp"
#include "releases/source_info.hpp"
#include "targets/docker/apply.hpp"

namespace stackctl::commands {
namespace td = targets::docker;

int deploy(const GlobalOptions& g, DeployRequest r, DeployView& view) {
  const model::Environment& env = r.loaded->env;
  td::ApplyOptions options;
  options.root = g.root;
  options.secrets = r.secrets;
  options.on_event = [&](const std::string& key, const std::string& action) { view.on_container(key, action); };
  td::ApplyResult result;
  try {
    result = td::apply_plan(*r.engine, r.plan, options);
  } catch (const td::DeployError&) {
    view.finish_line();
    throw;
  }
  view.finish_line();

  auto& store = *r.store;
  const auto history = store.history(env.instance_name());
  int number = history.empty() ? 0 : history.front().number;
  const bool record = r.always_record || !result.nothing_changed() || history.empty();
  if (record) {
    r.release.environment = env.instance_name();
    r.release.user = releases::current_user();
    r.release.files[plan_file] = td::to_json(r.plan).dump(2) + "\n";
    try {
      number = store.record(r.release);
    } catch (const releases::ReleaseNotPushed& e) {
      // Deployed and recorded here; only the team remote missed it.
      number = e.number;
      app::Terminal::get().warning(e.what());
    }
  }

  const auto endpoints = published_endpoints(*r.engine, env);
  if (r.output == "json") {
    nlohmann::json out = {{"environment", env.instance_name()},
                          {"release", number},
                          {"recorded", record},
                          {"changed", !result.nothing_changed()},
                          {"changes", changes_json(result)},
                          {"endpoints", endpoints_json(endpoints)}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  const auto& term = app::Terminal::get();
  if (result.nothing_changed())
    std::fprintf(stderr, "%s\n",
                 term.green("No changes: " + std::to_string(result.changes.size()) + " containers of " +
                                env.instance_name() + " are up to date (release " + std::to_string(number) + ").",
                            true)
                     .c_str());
  else
    std::fprintf(stderr, "%s\n",
                 term.green(env.instance_name() + " is up: " + change_summary(result) +
                                (record ? "; recorded release " + std::to_string(number) : std::string()) + ".",
                            true)
                     .c_str());
  print_endpoints(endpoints);
  return 0;
}

}  // namespace stackctl::commands
