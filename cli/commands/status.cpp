// stackctl status [ENV]: for each component of the last release, whether it
// runs and is ready, its image, uptime and restarts.
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/exit_code.hpp"
#include "app/table.hpp"
#include "app/terminal.hpp"
#include "commands/commands.hpp"
#include "commands/target_support.hpp"

namespace stackctl::commands {
namespace {

using Options = EnvironmentOutputOptions;

void print_json(const targets::StatusReport& report) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : report.components)
    out.push_back({{"key", r.key}, {"role", r.role}, {"desired", r.desired}, {"running", r.running},
                   {"ready", r.ready}, {"image", r.image}, {"uptime", r.uptime}, {"restarts", r.restarts},
                   {"note", r.note}});
  std::printf("%s\n", nlohmann::json{{"environment", report.environment},
                                     {"release", report.release},
                                     {"ready", report.ready()},
                                     {"containers", out}}
                          .dump(2)
                          .c_str());
}

void print_table(const targets::StatusReport& report, const std::string& environment) {
  if (report.components.empty()) {
    std::fprintf(stderr, "%s is not deployed: no release and nothing running. `stackctl up %s` starts it.\n",
                 report.environment.c_str(), environment.c_str());
    return;
  }
  const auto& term = app::Terminal::get();
  std::vector<std::vector<std::string>> table{{"NAME", "DESIRED", "RUNNING", "READY", "IMAGE", "UPTIME", "RESTARTS", "NOTE"}};
  for (const auto& r : report.components) {
    std::string note = r.note;
    if (!r.job && r.ready < r.desired) note = term.red(note.empty() ? "not ready" : note, false);
    const auto count = [&](int n) { return r.job ? std::string("-") : std::to_string(n); };
    table.push_back({r.key, count(r.desired), count(r.running), count(r.ready), r.image, r.job ? "-" : r.uptime,
                     std::to_string(r.restarts), note});
  }
  app::print_table(table);
  std::printf("\n%s\n",
              (report.release ? "release " + std::to_string(report.release) : std::string("no release recorded")).c_str());
}

int run(const GlobalOptions& g, const Options& o) {
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  const auto report = open_target(g, loaded)->status();
  if (o.output == "json")
    print_json(report);
  else
    print_table(report, loaded.env.name);
  return app::ok;
}

}  // namespace

void register_status(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb = app.add_subcommand("status", "Show whether each component of an environment runs and is ready");
  add_environment_options(verb, o->env);
  add_output_option(verb, o->output, {"text", "json"});
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
