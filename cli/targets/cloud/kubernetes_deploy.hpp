// The Kubernetes half of a cloud deploy, once the infrastructure is applied
// and the cluster's credentials are in the environment's private kubeconfig:
// the namespace; the secret values (uploads to the cloud's secret manager
// with a cloud store, except from a copy; the Secret the pods read, unless
// the CSI driver syncs it on AWS); the ConfigMap of dependency addresses from
// Terraform's outputs; a server-side apply of the rendered manifests with
// objects no longer rendered pruned (ApplySet); then `rollout status` of
// every workload. A failed rollout prints the failing pods' events and logs.
// Pod templates that read a secret carry `stackctl.dev/secrets-digest`, so
// a changed value rolls them (docs/secrets.md). The steps without a cloud
// (render_manifests, apply_manifests) are shared with the kubernetes target
// (targets/kubernetes/), which has no Terraform and no secret manager.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clients/kubectl.hpp"
#include "config/interpolate.hpp"
#include "config/template_files.hpp"
#include "model/environment.hpp"
#include "storage/output_dir.hpp"
#include "targets/cloud/infrastructure.hpp"
#include "targets/cloud/workspace.hpp"

namespace stackctl::targets::cloud {

struct KubernetesDeploy {
  const model::Environment& env;
  const config::InterpolationScope& scope;
  const std::vector<config::TemplateFile>& templates;
  std::map<std::string, std::string> images;  // service -> image by digest
  const InfrastructureOutputs& outputs;
  std::map<std::string, std::string> secrets;  // secret name -> value
  Workspace workspace;
};

/// The manifests a deploy applies: one JSON file per object (paths relative
/// to the folder applied, no Namespace), and the workloads to wait for.
struct Manifests {
  std::vector<storage::OutputFile> files;
  std::vector<std::string> workloads;  // "deployment/web", "statefulset/db"
};

/// Renders the environment's manifests with `images` (service -> image),
/// each pod template that reads a secret annotated with the digest of
/// `secret_values`. Throws config::InvalidInput for a template problem.
Manifests render_manifests(const model::Environment& env, const config::InterpolationScope& scope,
                           const std::vector<config::TemplateFile>& templates,
                           const std::map<std::string, std::string>& images,
                           const std::map<std::string, std::string>& secret_values);

/// Manifests from files rendered before (a release's): the workloads are
/// read from the objects' kinds. Throws std::runtime_error for a file that is
/// not a JSON object.
Manifests manifests_from_files(std::vector<storage::OutputFile> files);

/// The rollout failed; the message holds the pods' report.
class RolloutFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes `manifests` into `dir` (replacing it), applies the folder
/// server-side with ApplySet pruning in the environment's namespace (which
/// must exist), then waits for each workload's rollout (600 s); a failed one
/// throws RolloutFailed with the pods' report.
void apply_manifests(clients::Kubectl& kubectl, const model::Environment& env, const Manifests& manifests,
                     const std::filesystem::path& dir, const std::function<void(const std::string&)>& note);

/// The labels of the namespace a deploy creates.
std::map<std::string, std::string> namespace_labels(const model::Environment& env);

/// Returns the workloads rolled out ("deployment/rates-api", ...).
std::vector<std::string> deploy_kubernetes(const KubernetesDeploy& in,
                                           const std::function<void(const std::string&)>& note);

/// The ConfigMap `stackctl-infrastructure` the Deployments read dependency
/// addresses from (configMapKeyRef), from Terraform's `infrastructure` output.
nlohmann::json infrastructure_config_map(const model::Environment& env, const InfrastructureOutputs& outputs);

}  // namespace stackctl::targets::cloud
