// The kubernetes target (docs/targets/kubernetes.md): any cluster a
// kubeconfig reaches (minikube, kind, k3s, on-prem), no Terraform. up builds
// the services' images (pushed to target.registry, else left in the engine
// of DOCKER_HOST, e.g. minikube's docker-env), renders the same manifests as
// GKE/EKS (dependencies as StatefulSets + PVCs), applies the Secret from
// stdin and the manifests server-side, waits for the rollouts and records the
// manifests as a release; rollback re-applies a release's own manifests.
// down deletes what carries the environment's labels, PVCs only with purge.
#pragma once

#include <optional>

#include "clients/kubectl.hpp"
#include "storage/output_dir.hpp"
#include "targets/target.hpp"

namespace stackctl::targets::kubernetes {

class KubernetesTarget : public Target {
 public:
  using Target::Target;

  std::string kind() const override { return "kubernetes"; }
  UpResult up(const UpOptions& options) override;
  DownResult down(const DownOptions& options) override;
  PlanResult plan(const PlanOptions& options) override;
  StatusReport status() override;
  size_t logs(const LogsOptions& options, const LogSink& sink) override;
  std::vector<releases::Release> history() override;
  UpResult rollback(const RollbackOptions& options) override;
  std::vector<Endpoint> ports() override;

 private:
  /// kubectl for target.kubeconfig/context, the cluster checked once.
  clients::Kubectl& kubectl();
  std::map<std::string, std::string> ship_images();
  UpResult deploy(const std::vector<storage::OutputFile>& files, releases::Release release, bool always_record);

  std::optional<clients::Kubectl> kubectl_;
};

/// The kubeconfig a kubernetes target uses: target.kubeconfig (~/ = $HOME,
/// relative to `root`), else $KUBECONFIG (one file), else ~/.kube/config.
/// Throws std::runtime_error when it does not exist.
std::filesystem::path kubeconfig_path(const std::filesystem::path& root, const model::Target& target);

/// Desired/running/ready per workload and job of `kubectl get ... -o json`.
std::vector<ComponentStatus> component_status(const nlohmann::json& list);

/// The Services of `kubectl get services -o json` as endpoints: a load
/// balancer's address, else the in-cluster DNS name.
std::vector<Endpoint> service_endpoints(const nlohmann::json& list);

}  // namespace stackctl::targets::kubernetes
