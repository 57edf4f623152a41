// What `up` and `rollback` print when done: a summary line on stderr and the
// endpoint table on stdout, or one JSON document on stdout (-o json).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command_context.hpp"
#include "targets/target.hpp"

namespace stackctl::commands {

/// The verb's whole run for a deploying operation (up, rollback): loads the
/// environment, opens its target with a progress view, runs `operation`
/// and prints its result. Returns the exit code.
int run_deploy(const GlobalOptions& g, const EnvironmentOptions& env, const std::string& output,
               const std::string& plugin_mirror, const std::function<targets::UpResult(targets::Target&)>& operation);

void print_up(const targets::UpResult& result, const std::string& output);

void print_endpoints(const std::vector<targets::Endpoint>& endpoints);
nlohmann::json endpoints_json(const std::vector<targets::Endpoint>& endpoints);

/// "3 created, 1 replaced, 5 unchanged".
std::string change_summary(const std::vector<targets::Change>& changes);

}  // namespace stackctl::commands
