// stackctl validate [ENV] [--all]: report every problem in the environment's
// files, then exit 1 if there was any. With --provider-schema FILE and
// --terraform-dir DIR: check Terraform configuration against a provider
// schema instead (validate_terraform), offline.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

#include "app/exit_code.hpp"
#include "app/terminal.hpp"
#include "commands/commands.hpp"
#include "config/terraform_module_files.hpp"
#include "render/terraform_root.hpp"
#include "secrets/references.hpp"
#include "storage/output_dir.hpp"
#include "targets/cloud/workspace.hpp"
#include "terraform/schema_check.hpp"

namespace stackctl::commands {
namespace {

struct ValidateOptions {
  EnvironmentOptions env;
  bool all = false;
  std::string output;
  std::string provider_schema;              // --provider-schema FILE
  std::vector<std::string> terraform_dirs;  // --terraform-dir DIR (repeatable)
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

// A path given on the command line, as if stackctl had started in -C DIR.
std::string from_root(const GlobalOptions& g, const std::string& path) {
  if (g.root == "." || std::filesystem::path(path).is_absolute()) return path;
  return (std::filesystem::path(g.root) / path).lexically_normal().string();
}

std::string terraform_summary(const terraform::CheckStats& s, const terraform::ProviderSchema& schema) {
  auto plural = [](size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string text = plural(s.resources, "resource", "resources") + ", " +
                     plural(s.data_sources, "data source", "data sources") + ", " +
                     plural(s.attributes, "attribute", "attributes") + " checked against " + schema.describe();
  if (s.modules > 1) text += " (" + plural(s.modules, "module", "modules") + ")";
  if (!s.skipped.empty()) {
    size_t n = 0;
    std::string types;
    for (const auto& [type, count] : s.skipped) {
      n += count;
      types += (types.empty() ? "" : ", ") + type;
    }
    text += "; skipped " + plural(n, "block", "blocks") + " of types the schema does not cover: " + types;
  }
  return text;
}

}  // namespace

/// Checks each Terraform directory (and the local modules it calls) against
/// the provider schema in `schema_file`; prints diagnostics and a summary per
/// directory (or a JSON report when output is "json"). Returns the exit code.
int validate_terraform(const GlobalOptions& g, const std::vector<std::string>& dirs, const std::string& schema_file,
                       const std::string& output) {
  terraform::ProviderSchema schema = terraform::load_provider_schema(from_root(g, schema_file));
  nlohmann::json report = nlohmann::json::array();
  size_t total = 0;
  const auto& term = app::Terminal::get();
  for (const auto& dir : dirs) {
    config::Diagnostics diags;
    terraform::CheckStats stats;
    terraform::check_terraform_dir(from_root(g, dir), schema, diags, stats);
    auto sorted = diags.sorted();
    total += sorted.size();
    if (output == "json") {
      nlohmann::json errors = nlohmann::json::array();
      for (const auto& d : sorted) errors.push_back(diagnostic_json(d));
      report.push_back({{"terraform_dir", dir},
                        {"provider_schema", schema.describe()},
                        {"valid", sorted.empty()},
                        {"errors", errors},
                        {"modules", stats.modules},
                        {"files", stats.files},
                        {"resources", stats.resources},
                        {"data_sources", stats.data_sources},
                        {"attributes", stats.attributes},
                        {"skipped", stats.skipped}});
      continue;
    }
    print_diagnostics(sorted);
    if (sorted.empty())
      std::printf("%s %s: %s\n", term.green("ok").c_str(), term.bold(dir).c_str(),
                  terraform_summary(stats, schema).c_str());
    else
      std::fprintf(stderr, "stackctl: %s terraform %s has %zu problem%s (%s)\n", term.red("error:").c_str(),
                   dir.c_str(), sorted.size(), sorted.size() == 1 ? "" : "s", terraform_summary(stats, schema).c_str());
  }
  if (output == "json") std::printf("%s\n", report.dump(2).c_str());
  return total == 0 ? app::ok : app::error;
}

/// ENV --provider-schema FILE: the environment's rendered root module (with
/// the modules it calls), written where `up` applies it, checked offline.
int validate_rendered_terraform(const GlobalOptions& g, const ValidateOptions& o) {
  const config::LoadedEnvironment loaded = load_valid(g, o.env);
  const auto documents = render::render_terraform(loaded.env, config::load_terraform_modules(g.root));
  if (documents.empty())
    throw std::runtime_error("environment " + loaded.env.name + " is a " + model::to_string(loaded.env.target.kind) +
                             " target: it has no Terraform to check against a provider schema");
  const auto ws = targets::cloud::workspace_for(g.root, loaded.env.instance_name());
  std::vector<storage::OutputFile> files;
  for (const auto& doc : documents)
    files.push_back({doc.path.substr(std::string("terraform/").size()), doc.is_text() ? doc.text : doc.body.dump(2) + "\n"});
  storage::replace_output_dir(ws.terraform_dir, files);
  const std::string dir = std::filesystem::relative(ws.terraform_dir, std::filesystem::absolute(g.root)).string();
  return validate_terraform(g, {dir}, o.provider_schema, o.output);
}

void register_validate(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* verb = app.add_subcommand("validate", "Check an environment and report every problem");
  add_environment_options(verb, o->env);
  verb->add_flag("--all", o->all, "Validate every environment in environments/");
  add_output_option(verb, o->output, {"text", "json"});
  auto* schema = verb->add_option("--provider-schema", o->provider_schema,
                                  "Check Terraform against this `terraform providers schema -json` output")
                     ->type_name("FILE");
  verb->add_option("--terraform-dir", o->terraform_dirs,
                   "A Terraform module directory to check (repeatable; local modules it calls are followed)")
      ->type_name("DIR")
      ->needs(schema);
  verb->footer(
      "Examples:\n"
      "  stackctl validate                 the local environment\n"
      "  stackctl validate staging --set services.rates-api.replicas=3\n"
      "  stackctl validate --all -o json   every environment, machine-readable\n"
      "  stackctl validate --provider-schema google-6.50.0.json --terraform-dir terraform/modules/gcp/network\n"
      "                                    Terraform against a provider schema, offline (no ENV)\n"
      "  stackctl validate staging --provider-schema google-6.50.0.json\n"
      "                                    the environment's rendered root module and its modules\n\n"
      "Each problem is printed as FILE:LINE:COLUMN: error: KEY.PATH: MESSAGE.\n"
      "Secrets: a name used but missing from environments/ENV.secrets.yaml is an error,\n"
      "one set but unused (or no secrets file yet) a warning. No key is needed.\n"
      "Exit status: 0 when valid, 1 when there are problems, 2 on usage errors.");
  verb->callback([&g, o] {
    if (!o->terraform_dirs.empty())
      g.exit_code = validate_terraform(g, o->terraform_dirs, o->provider_schema, o->output);
    else if (!o->provider_schema.empty())
      g.exit_code = validate_rendered_terraform(g, *o);
    else
      g.exit_code = run(g, *o);
  });
}

}  // namespace stackctl::commands
