// The Terraform root module of a cloud environment (gcp or aws), rendered as
// JSON configuration (`terraform/main.tf.json`): the backend, the provider,
// one call per module of terraform/modules/<cloud>/ with the environment's
// values, sensitive variables for the passwords (set through TF_VAR_, never
// written), and the outputs the deploy reads back (docs/targets/terraform-modules.md).
// The modules it calls are copied beside it, so the folder is complete and
// is applied as rendered. Pure and byte-for-byte deterministic.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/environment.hpp"
#include "model/module_files.hpp"
#include "render/document.hpp"

namespace stackctl::render {

/// `purge`: render for `down --purge`: databases, caches and buckets lose
/// their deletion protection so the destroy may remove them. Copies are never
/// deletion-protected (they are short-lived), but `down` still keeps their
/// data unless --purge.
struct TerraformOptions {
  bool purge = false;
};

using model::ModuleFiles;

/// terraform/main.tf.json plus terraform/modules/<cloud>/<module>/* for each
/// module called. Empty for docker targets.
std::vector<Document> render_terraform(const model::Environment& env, const ModuleFiles& modules,
                                       const TerraformOptions& options = {});

/// The root module alone (exposed for the tests).
nlohmann::json terraform_root(const model::Environment& env, const TerraformOptions& options = {});

/// "<stack>-<instance>": the prefix of every cloud resource name.
std::string terraform_name(const model::Environment& env);
/// Terraform's name for the variable holding a password secret.
std::string terraform_password_variable(const std::string& secret);

// terraform_gcp.cpp / terraform_aws.cpp: the provider and module calls of
// each cloud, filling `root` ("provider", "module", "output", "variable").
void terraform_gcp(const model::Environment& env, nlohmann::json& root, const TerraformOptions& options);
void terraform_aws(const model::Environment& env, nlohmann::json& root, const TerraformOptions& options);

// terraform_values.cpp: what both clouds share.
nlohmann::json terraform_labels(const model::Environment& env);
/// "10Gi" -> 10 (rounded up), at least `minimum`.
int terraform_storage_gb(const std::string& quantity, int minimum);
/// `value` with '-' turned into '_' (module and variable names).
std::string terraform_identifier(const std::string& value);
/// The managed dependencies of `kind`, in name order.
std::vector<const model::Dependency*> managed_dependencies(const model::Environment& env, model::DependencyKind kind);
/// The Kubernetes ServiceAccounts bound to the cloud identity: every
/// service's, and those of in-cluster dependencies whose pods mount the CSI
/// volume (kubernetes_reads_csi_secrets; the aws-secrets-manager store).
std::vector<std::string> secret_reading_service_accounts(const model::Environment& env);

}  // namespace stackctl::render
