// The Kubernetes half of a cloud deploy, once the infrastructure is applied
// and the cluster's credentials are in the environment's private kubeconfig:
// the namespace; the secret values (uploads to the cloud's secret manager
// with a cloud store, except from a copy; the Secret the pods read, unless
// the CSI driver syncs it on AWS); the ConfigMap of dependency addresses from
// Terraform's outputs; a server-side apply of the rendered manifests with
// objects no longer rendered pruned (ApplySet); then `rollout status` of
// every workload. A failed rollout prints the failing pods' events and logs.
// Pod templates that read a secret carry `stackctl.dev/secrets-digest`, so
// a changed value rolls them (docs/secrets.md).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/interpolate.hpp"
#include "config/template_files.hpp"
#include "model/environment.hpp"
#include "targets/cloud/infrastructure.hpp"
#include "targets/cloud/workspace.hpp"

namespace stackctl::targets::cloud {

struct KubernetesDeploy {
  const model::Environment& env;
  const config::InterpolationScope& scope;
  const std::vector<config::TemplateFile>& templates;
  std::map<std::string, std::string> images;   // service -> image by digest
  const InfrastructureOutputs& outputs;
  std::map<std::string, std::string> secrets;  // secret name -> value
  Workspace workspace;
};

/// The rollout failed; the message holds the pods' report.
class RolloutFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Returns the workloads rolled out ("deployment/rates-api", ...).
std::vector<std::string> deploy_kubernetes(const KubernetesDeploy& in,
                                           const std::function<void(const std::string&)>& note);

/// The ConfigMap `stackctl-infrastructure` the Deployments read dependency
/// addresses from (configMapKeyRef), from Terraform's `infrastructure` output.
nlohmann::json infrastructure_config_map(const model::Environment& env, const InfrastructureOutputs& outputs);

}  // namespace stackctl::targets::cloud
