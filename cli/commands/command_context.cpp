#include "commands/command_context.hpp"

#include <cstdio>
#include <regex>

#include "app/terminal.hpp"
#include "config/names.hpp"

extern char** environ;

namespace stackctl::commands {

void add_environment_options(CLI::App* verb, EnvironmentOptions& o) {
  verb->add_option("ENV", o.environment, "Environment name (a file in environments/)")->capture_default_str();
  verb->add_option("--set", o.set, "Override a value, e.g. --set services.rates-api.replicas=3 (repeatable)")
      ->type_name("PATH=VALUE");
  verb->add_option("--copy", o.copy, "Work on a scaled-down copy of ENV named NAME")->type_name("NAME");
  verb->add_option("--ttl", o.ttl, "Time to live of a copy (a label for clean-up jobs)")->capture_default_str();
}

void add_output_option(CLI::App* verb, std::string& output, const std::vector<std::string>& choices) {
  output = choices.front();
  verb->add_option("-o,--output", output, "Output format")->check(CLI::IsMember(choices))->capture_default_str();
}

config::LoadOptions load_options(const GlobalOptions& g, const EnvironmentOptions& o) {
  config::LoadOptions lo;
  lo.root = g.root;
  lo.environment = o.environment;
  lo.overrides = config::overrides_from_environment(environ);
  for (const auto& s : o.set) lo.overrides.push_back(config::parse_set_flag(s));
  if (!o.copy.empty()) lo.copy = o.copy;
  static const std::regex duration(R"(^[0-9]+(m|h|d)$)");
  if (!std::regex_match(o.ttl, duration))
    throw config::InvalidInput(
        {config::Diagnostic{config::make_mark("--ttl " + o.ttl), "", "expected a duration such as 90m, 72h or 7d"}});
  lo.copy_ttl = o.ttl;
  return lo;
}

config::LoadedEnvironment load_valid(const GlobalOptions& g, const EnvironmentOptions& o) {
  config::LoadedEnvironment loaded = config::load_environment(load_options(g, o));
  if (!loaded.diags.empty()) throw config::InvalidInput(loaded.diags.sorted());
  return loaded;
}

void print_diagnostics(const std::vector<config::Diagnostic>& diags, bool warnings) {
  const auto& term = app::Terminal::get();
  for (const auto& d : diags) {
    std::string text =
        term.bold(d.mark.where() + ":", true) + " " + (warnings ? term.yellow("warning:") : term.red("error:")) + " ";
    if (!d.path.empty()) text += d.path + ": ";
    std::fprintf(stderr, "%s%s\n", text.c_str(), d.message.c_str());
  }
}

}  // namespace stackctl::commands
