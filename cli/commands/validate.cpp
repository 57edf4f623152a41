// stackctl validate [ENV] [--all]: report every problem in the environment's
// files, then exit 1 if there was any.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "app/exit_code.hpp"
#include "app/terminal.hpp"
#include "commands/commands.hpp"
#include "secrets/references.hpp"

namespace stackctl::commands {
namespace {

struct ValidateOptions {
  EnvironmentOptions env;
  bool all = false;
  std::string output;
};

nlohmann::json diagnostic_json(const config::Diagnostic& d) {
  return {{"file", d.mark.file ? *d.mark.file : ""},
          {"line", d.mark.line},
          {"column", d.mark.column},
          {"path", d.path},
          {"message", d.message}};
}

int run(const GlobalOptions& g, const ValidateOptions& o) {
  std::vector<std::string> names{o.env.environment};
  if (o.all) names = config::list_environments(g.root);
  nlohmann::json report = nlohmann::json::array();
  size_t total = 0;
  for (const auto& name : names) {
    EnvironmentOptions eo = o.env;
    eo.environment = name;
    config::LoadedEnvironment loaded = config::load_environment(load_options(g, eo));
    if (o.all && loaded.abstract) continue;  // only extended; its children are validated
    auto diags = loaded.diags.sorted();
    std::vector<config::Diagnostic> warnings;
    if (diags.empty()) {
      auto secrets = secrets::check_secret_references(loaded, g.root);
      diags = std::move(secrets.errors);
      warnings = std::move(secrets.warnings);
    }
    total += diags.size();
    if (o.output == "json") {
      nlohmann::json errors = nlohmann::json::array();
      for (const auto& d : diags) errors.push_back(diagnostic_json(d));
      nlohmann::json warned = nlohmann::json::array();
      for (const auto& w : warnings) warned.push_back(diagnostic_json(w));
      report.push_back({{"environment", loaded.env.instance_name()},
                        {"valid", diags.empty()},
                        {"errors", errors},
                        {"warnings", warned}});
      continue;
    }
    print_diagnostics(diags);
    print_diagnostics(warnings, /*warnings=*/true);
    const auto& term = app::Terminal::get();
    if (diags.empty())
      std::printf("%s environment %s is valid (%zu services, %zu dependencies)\n", term.green("ok").c_str(),
                  term.bold(loaded.env.instance_name()).c_str(), loaded.env.services.size(),
                  loaded.env.dependencies.size());
    else
      std::fprintf(stderr, "stackctl: %s environment %s has %zu problem%s\n", term.red("error:").c_str(), name.c_str(),
                   diags.size(), diags.size() == 1 ? "" : "s");
  }
  if (o.output == "json") std::printf("%s\n", (o.all ? report : report.front()).dump(2).c_str());
  return total == 0 ? app::ok : app::error;
}

}  // namespace

void register_validate(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* verb = app.add_subcommand("validate", "Check an environment and report every problem");
  add_environment_options(verb, o->env);
  verb->add_flag("--all", o->all, "Validate every environment in environments/");
  add_output_option(verb, o->output, {"text", "json"});
  verb->footer(
      "Examples:\n"
      "  stackctl validate                 the local environment\n"
      "  stackctl validate staging --set services.rates-api.replicas=3\n"
      "  stackctl validate --all -o json   every environment, machine-readable\n\n"
      "Each problem is printed as FILE:LINE:COLUMN: error: KEY.PATH: MESSAGE.\n"
      "Secrets: a name used but missing from environments/ENV.secrets.yaml is an error,\n"
      "one set but unused (or no secrets file yet) a warning. No key is needed.\n"
      "Exit status: 0 when valid, 1 when there are problems, 2 on usage errors.");
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
