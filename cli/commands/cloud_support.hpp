// What the cloud-target verbs (plan, up, down on gcp and aws) share: the
// account check before any work, the infrastructure driver with the
// environment's secrets, and printing a reviewed plan.
#pragma once

#include <string>

#include "commands/command_context.hpp"
#include "config/loader.hpp"
#include "targets/cloud/infrastructure.hpp"

namespace stackctl::commands {

/// The options every cloud verb adds: --plugin-mirror.
struct CloudOptions {
  std::string plugin_mirror;
};
void add_cloud_options(CLI::App* verb, CloudOptions& o);

bool is_cloud_target(const model::Environment& env);

/// gcp: gcloud is logged in and the project is reachable (a clear error
/// naming `gcloud auth login` otherwise); aws: nothing to check here,
/// terraform reports missing credentials itself. Returns the account
/// ("" for aws).
std::string check_cloud_access(const model::Environment& env);

/// The infrastructure driver, prepared (root module rendered, terraform init).
targets::cloud::Infrastructure prepare_infrastructure(const GlobalOptions& g, const config::LoadedEnvironment& loaded,
                                                      const CloudOptions& o, bool purge);

/// The cluster's credentials into the workspace's private kubeconfig:
/// `gcloud container clusters get-credentials` or `aws eks update-kubeconfig`.
void fetch_cluster_credentials(const model::Environment& env, const targets::cloud::InfrastructureOutputs& out,
                               const targets::cloud::Workspace& ws);

/// The plan's resource list and headline on stderr (or nothing for json).
void print_plan(const targets::cloud::ReviewedPlan& plan, const std::string& environment);

nlohmann::json plan_json(const targets::cloud::ReviewedPlan& plan, const std::string& environment);

}  // namespace stackctl::commands
