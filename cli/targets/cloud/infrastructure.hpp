// The infrastructure half of a cloud deploy: render the environment's root
// module into its workspace, `terraform init` (local state path, optional
// plugin mirror), plan to a file and summarise it, refuse to destroy
// protected resources unless allowed, apply exactly that plan file, and read
// the outputs the Kubernetes half needs. Passwords reach terraform as TF_VAR_
// variables in its environment only.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clients/plan_summary.hpp"
#include "clients/terraform.hpp"
#include "model/environment.hpp"
#include "targets/cloud/workspace.hpp"

namespace stackctl::targets::cloud {

struct InfrastructureOptions {
  std::filesystem::path project_root;
  std::optional<std::filesystem::path> plugin_mirror;  // --plugin-mirror, else $STACKCTL_TF_PLUGIN_MIRROR
  bool purge = false;                                  // render without deletion protection (down --purge)
  std::map<std::string, std::string> secrets;          // secret name -> value
  stackctl::clients::LineCallback on_progress;           // apply's lines
};

struct ReviewedPlan {
  stackctl::clients::PlanSummary summary;
  bool has_changes = false;
  std::filesystem::path file;
};

/// Thrown when a plan would destroy or replace protected resources and
/// --allow-destroy was not given. The message lists them.
class ProtectedDestroy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What `terraform output -json` gave, typed for the deploy.
struct InfrastructureOutputs {
  std::map<std::string, std::string> infrastructure;      // "<dependency>.<field>" -> value
  std::map<std::string, std::string> generated_secrets;   // secret name -> value (sensitive)
  std::string registry;                                   // image repository prefix
  std::string cluster_name, cluster_location, cluster_endpoint, cluster_ca;
  std::string workload_identity;
};

class Infrastructure {
 public:
  Infrastructure(const model::Environment& env, InfrastructureOptions options);

  /// Renders the root module into the workspace and runs `terraform init`.
  void prepare();
  /// terraform plan (-destroy with `destroy`; only `targets` when given), then
  /// show -json of that plan file.
  ReviewedPlan plan(bool destroy = false, const std::vector<std::string>& targets = {});
  /// Throws ProtectedDestroy when `plan` deletes or replaces a protected resource.
  static void refuse_protected(const ReviewedPlan& plan, const std::string& environment);
  void apply(const ReviewedPlan& plan);
  InfrastructureOutputs outputs();

  const Workspace& workspace() const { return workspace_; }
  /// The environment's decrypted secrets it was given (for the deploy after it).
  const std::map<std::string, std::string>& secrets() const { return options_.secrets; }

 private:
  const model::Environment& env_;
  InfrastructureOptions options_;
  Workspace workspace_;
  std::optional<stackctl::clients::Terraform> terraform_;
};

/// Parses `terraform output -json`; a missing output is empty.
InfrastructureOutputs parse_outputs(const nlohmann::json& output_json);

/// The plugin mirror to use: the flag, else $STACKCTL_TF_PLUGIN_MIRROR, else none.
std::optional<std::filesystem::path> plugin_mirror(const std::string& flag);

}  // namespace stackctl::targets::cloud
