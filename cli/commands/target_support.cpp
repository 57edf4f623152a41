#include "commands/target_support.hpp"

#include <stdexcept>

#include "commands/secrets_support.hpp"
#include "config/diagnostics.hpp"
#include "releases/store_location.hpp"
#include "secrets/references.hpp"

namespace stackctl::commands {

void add_plugin_mirror_option(CLI::App* verb, std::string& dir) {
  verb->add_option("--plugin-mirror", dir,
                   "Install Terraform providers only from this filesystem mirror (offline; else "
                   "$STACKCTL_TF_PLUGIN_MIRROR, else the registry)")
      ->type_name("DIR");
}

std::unique_ptr<targets::Target> open_target(const GlobalOptions& g, const config::LoadedEnvironment& loaded,
                                             targets::Progress* progress, const std::string& plugin_mirror) {
  targets::TargetContext context;
  context.root = g.root;
  context.loaded = &loaded;
  context.secrets = [&g, &loaded] { return deploy_secrets(g, loaded); };
  context.release_store = [root = g.root] { return releases::open_project_store(root); };
  context.progress = progress;
  context.plugin_mirror = plugin_mirror;
  return targets::make_target(std::move(context));
}

std::map<std::string, std::string> deploy_secrets(const GlobalOptions& g, const config::LoadedEnvironment& loaded) {
  const auto uses = secrets::secret_uses(loaded);
  if (uses.empty()) return {};
  auto report = secrets::check_secret_references(loaded, g.root);
  if (!report.errors.empty()) throw config::InvalidInput(report.errors);
  // A copy deploys with its parent's secrets.
  auto vault = open_vault(g, loaded.env.name);
  std::map<std::string, std::string> values;
  for (const auto& use : uses) {
    if (!vault.contains(use.name))
      throw std::runtime_error(use.mark.where() + ": " + use.path + ": secret \"" + use.name + "\" is not set in " +
                               loaded.env.name + "'s secrets; add it with `stackctl secrets generate " +
                               loaded.env.name + " " + use.name + "`");
    values[use.name] = vault.get(use.name);
  }
  return values;
}

}  // namespace stackctl::commands
