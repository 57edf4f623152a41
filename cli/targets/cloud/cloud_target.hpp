// What the gcp and aws targets share (docs/targets/gcp.md, aws.md). up:
//   1. the account (gcp: gcloud logged in with access to the project);
//   2. the infrastructure: render the root module, terraform init, plan,
//      report it, refuse protected destroys without allow_destroy, apply
//      exactly that plan file, read the outputs (infra_only stops here);
//   3. the cluster's credentials into .stackctl/kube/<instance>.kubeconfig;
//   4. the services' images, built locally when missing and pushed to the
//      registry the infrastructure made, deployed by digest;
//   5. the Kubernetes half (targets/cloud/kubernetes_deploy.hpp).
// down deletes the workloads, then destroys what holds no data (monitoring,
// alarms), or everything with purge (deletion protection lifted first).
// Each cloud supplies the steps that differ as the virtual functions below.
#pragma once

#include <string>
#include <vector>

#include "clients/registry/target.hpp"
#include "targets/cloud/infrastructure.hpp"
#include "targets/target.hpp"

namespace stackctl::targets::cloud {

class CloudTarget : public Target {
 public:
  using Target::Target;

  UpResult up(const UpOptions& options) override;
  DownResult down(const DownOptions& options) override;
  PlanResult plan(const PlanOptions& options) override;
  StatusReport status() override { unsupported("status", kubectl_hint()); }
  size_t logs(const LogsOptions&, const LogSink&) override { unsupported("logs", kubectl_hint()); }
  std::vector<releases::Release> history() override { unsupported("history", kubectl_hint()); }
  UpResult rollback(const RollbackOptions&) override { unsupported("rollback", kubectl_hint()); }

 protected:
  /// Checks the cloud account before any work; returns a line to report ("" for none).
  virtual std::string check_access() = 0;
  /// Credentials for the registry the infrastructure made.
  virtual registry::Credentials registry_credentials() = 0;
  /// The cluster's credentials into the workspace's private kubeconfig.
  virtual void fetch_cluster_credentials(const InfrastructureOutputs& out, const Workspace& ws) = 0;
  /// The root module's modules whose destruction loses no data.
  virtual std::vector<std::string> dataless_modules() const = 0;

 private:
  std::string kubectl_hint() const;
  /// Root module rendered and `terraform init` run.
  Infrastructure prepare_infrastructure(bool purge);
  std::map<std::string, std::string> ship_images(const std::string& registry_prefix);
  void delete_workloads(const InfrastructureOutputs& out, const Workspace& ws, bool purge);
};

}  // namespace stackctl::targets::cloud
