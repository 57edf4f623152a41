// What every verb shares: the global flags, the environment selection flags
// and the loading step, so each verb file stays parse -> do -> view.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "config/loader.hpp"

namespace stackctl::commands {

struct GlobalOptions {
  std::string root = ".";  // -C DIR
  int exit_code = 0;       // set by the verb that ran
};

struct EnvironmentOptions {
  std::string environment = "local";
  std::vector<std::string> set;  // --set PATH=VALUE
  std::string copy;              // --copy NAME
  std::string ttl = "72h";       // --ttl, for copies
};

/// [ENV] and its flags plus -o/--output: the options of most deploy verbs.
struct EnvironmentOutputOptions {
  EnvironmentOptions env;
  std::string output;
};

/// Adds [ENV], --set, --copy and --ttl to a verb.
void add_environment_options(CLI::App* verb, EnvironmentOptions& o);

/// Adds --output with the given choices (first is the default).
void add_output_option(CLI::App* verb, std::string& output, const std::vector<std::string>& choices);

config::LoadOptions load_options(const GlobalOptions& g, const EnvironmentOptions& o);

/// Loads and throws config::InvalidInput when the environment has problems.
config::LoadedEnvironment load_valid(const GlobalOptions& g, const EnvironmentOptions& o);

/// Prints diagnostics compiler-style on stderr: "file:line:col: error: path: message"
/// (or "warning:").
void print_diagnostics(const std::vector<config::Diagnostic>& diags, bool warnings = false);

}  // namespace stackctl::commands
