// stackctl down [ENV] [--purge]: removes what `up` made on the environment's
// target; its data (volumes, databases, caches, buckets) stays unless
// --purge. A production environment (one that is or extends production.yaml,
// not a copy) needs --yes and its name typed back.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/exit_code.hpp"
#include "app/terminal.hpp"
#include "commands/commands.hpp"
#include "commands/progress_view.hpp"
#include "commands/target_support.hpp"

namespace stackctl::commands {
namespace {

struct Options {
  EnvironmentOptions env;
  targets::DownOptions down;
  bool yes = false;
  std::string plugin_mirror;
};

bool is_production(const config::LoadedEnvironment& loaded) {
  if (loaded.env.copy) return false;
  for (const auto& f : loaded.env.files)
    if (std::filesystem::path(f).filename() == "production.yaml") return true;
  return loaded.env.name == "production";
}

void confirm_production(const config::LoadedEnvironment& loaded, bool yes) {
  const std::string& name = loaded.env.name;
  if (!yes)
    throw std::runtime_error(name + " is a production environment: `stackctl down " + name +
                             "` needs --yes, and then the name typed to confirm");
  std::fprintf(stderr, "This takes down the production environment %s. Type its name to confirm: ", name.c_str());
  std::string typed;
  if (!std::getline(std::cin, typed)) typed.clear();
  if (typed != name) throw std::runtime_error("confirmation \"" + typed + "\" is not \"" + name + "\": nothing was changed");
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

void print_down(const targets::DownResult& r, const model::Environment& env) {
  const auto& term = app::Terminal::get();
  if (r.destroyed)
    std::fprintf(stderr, "%s\n", term.green(r.environment + " is destroyed, data included.", true).c_str());
  else if (r.removed.empty())
    std::fprintf(stderr, "%s is not running: nothing to remove.\n", r.environment.c_str());
  else
    std::fprintf(stderr, "%s\n", term.green(r.environment + " is down: removed " + joined(r.removed) + ".", true).c_str());
  if (r.kept.empty()) return;
  std::string kept;
  for (const auto& k : r.kept) kept += (kept.empty() ? "" : ", ") + k;
  std::fprintf(stderr, "Kept: %s. `stackctl down %s%s --purge` removes them.\n", kept.c_str(), env.name.c_str(),
               env.copy ? (" --copy " + env.copy->name).c_str() : "");
}

int run(const GlobalOptions& g, const Options& o) {
  ProgressView progress(isatty(STDERR_FILENO) != 0);
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  if (is_production(loaded)) confirm_production(loaded, o.yes);
  const auto target = open_target(g, loaded, &progress, o.plugin_mirror);
  const auto result = target->down(o.down);
  print_down(result, loaded.env);
  return app::ok;
}

}  // namespace

void register_down(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<Options>();
  CLI::App* verb =
      app.add_subcommand("down", "Take an environment down: its containers, or its cloud workloads and infrastructure");
  add_environment_options(verb, o->env);
  verb->add_flag("--purge", o->down.purge,
                 "Also remove the data: volumes (docker); databases, caches, buckets and the cluster (gcp/aws)");
  verb->add_flag("-y,--yes", o->yes, "Production: go ahead, after the environment's name is typed back");
  add_plugin_mirror_option(verb, o->plugin_mirror);
  verb->footer(
      "Examples:\n"
      "  stackctl down                     the local environment; data volumes stay\n"
      "  stackctl down local --copy pr-42 --purge\n"
      "  stackctl down staging             workloads and monitoring; the data stays\n"
      "  stackctl down production --yes    asks for the name typed back");
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
