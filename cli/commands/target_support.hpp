// How a verb gets its target: the environment's secrets (decrypted with the
// user's key when an operation needs them), the project's release store and
// the verb's progress display, handed to targets::make_target.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "commands/command_context.hpp"
#include "config/loader.hpp"
#include "targets/target.hpp"

namespace stackctl::commands {

/// --plugin-mirror DIR (gcp/aws: Terraform providers from a filesystem mirror).
void add_plugin_mirror_option(CLI::App* verb, std::string& dir);

/// The environment's target. `progress` may be null (nothing to report).
std::unique_ptr<targets::Target> open_target(const GlobalOptions& g, const config::LoadedEnvironment& loaded,
                                             targets::Progress* progress = nullptr,
                                             const std::string& plugin_mirror = "");

/// Every secret the environment uses, decrypted (its output masked from now
/// on). A used secret missing from the file is an error at the line that
/// uses it; no secrets used: no file or key needed.
std::map<std::string, std::string> deploy_secrets(const GlobalOptions& g, const config::LoadedEnvironment& loaded);

}  // namespace stackctl::commands
