#include "commands/up_view.hpp"

#include <unistd.h>

#include <cstdio>
#include <map>

#include "app/table.hpp"
#include "app/terminal.hpp"
#include "app/exit_code.hpp"
#include "commands/plan_view.hpp"
#include "commands/progress_view.hpp"
#include "commands/target_support.hpp"

namespace stackctl::commands {
namespace {

nlohmann::json changes_json(const std::vector<targets::Change>& changes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : changes)
    out.push_back({{"key", c.key}, {"action", c.action}, {"container", c.container}, {"seconds", c.seconds}});
  return out;
}

void print_json(const targets::UpResult& r) {
  nlohmann::json out = {{"environment", r.environment},
                        {"release", r.release},
                        {"recorded", r.recorded},
                        {"changed", r.changed},
                        {"changes", changes_json(r.changes)},
                        {"endpoints", endpoints_json(r.endpoints)}};
  if (r.infrastructure) {
    out["infrastructure"] = infrastructure_plan_json(*r.infrastructure);
    out["outputs"] = r.outputs;
  }
  if (r.infrastructure && !r.infrastructure_only) {
    out["workloads"] = r.workloads;
    out["images"] = r.images;
  }
  std::printf("%s\n", out.dump(2).c_str());
}

}  // namespace

int run_deploy(const GlobalOptions& g, const EnvironmentOptions& env, const std::string& output,
               const std::string& plugin_mirror, const std::function<targets::UpResult(targets::Target&)>& operation) {
  const bool terminal = isatty(STDERR_FILENO) != 0;  // before output protection swaps stderr for a pipe
  ProgressView progress(terminal && output != "json");
  const config::LoadedEnvironment loaded = load_valid(g, env);
  const auto target = open_target(g, loaded, &progress, plugin_mirror);
  targets::UpResult result;
  try {
    result = operation(*target);
  } catch (...) {
    progress.finish_line();
    throw;
  }
  progress.finish_line();
  print_up(result, output);
  return app::ok;
}

std::string change_summary(const std::vector<targets::Change>& changes) {
  std::map<std::string, int> counts;
  for (const auto& c : changes) counts[c.action]++;
  std::string out;
  for (const char* action : {"created", "replaced", "started", "rolled out", "removed", "unchanged"}) {
    if (!counts[action]) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(counts[action]) + " " + action;
  }
  return out.empty() ? "nothing to run" : out;
}

void print_up(const targets::UpResult& r, const std::string& output) {
  if (output == "json") return print_json(r);
  if (r.infrastructure_only) return;  // the infrastructure's state was reported as it went
  const auto& term = app::Terminal::get();
  const auto green = [&](const std::string& text) { std::fprintf(stderr, "%s\n", term.green(text, true).c_str()); };
  const std::string release = r.release ? "release " + std::to_string(r.release) : "no release recorded";
  if (r.infrastructure)
    green(r.environment + " is up: " + std::to_string(r.workloads.size()) + " workloads rolled out.");
  else if (!r.changed)
    green("No changes: " + std::to_string(r.changes.size()) + " " + (r.workloads.empty() ? "containers" : "workloads") +
          " of " + r.environment + " are up to date (" + release + ").");
  else
    green(r.environment + " is up: " + change_summary(r.changes) +
          (r.recorded ? "; recorded release " + std::to_string(r.release) : std::string()) + ".");
  print_endpoints(r.endpoints);
}

void print_endpoints(const std::vector<targets::Endpoint>& endpoints) {
  if (endpoints.empty()) return;
  std::vector<std::vector<std::string>> rows{{"SERVICE", "PORT", "ENDPOINT"}};
  for (const auto& e : endpoints) rows.push_back({e.service, e.port_name, e.url});
  app::print_table(rows);
}

nlohmann::json endpoints_json(const std::vector<targets::Endpoint>& endpoints) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : endpoints) out.push_back({{"service", e.service}, {"port", e.port_name}, {"url", e.url}});
  return out;
}

}  // namespace stackctl::commands
