// The gcp target: Terraform's google provider, gcloud for the account, the
// GKE credentials and Artifact Registry's token (docs/targets/gcp.md).
#pragma once

#include "targets/cloud/cloud_target.hpp"

namespace stackctl::targets::cloud {

class GcpTarget : public CloudTarget {
 public:
  using CloudTarget::CloudTarget;
  std::string kind() const override { return "gcp"; }

 protected:
  std::string check_access() override;
  registry::Credentials registry_credentials() override;
  void fetch_cluster_credentials(const InfrastructureOutputs& out, const Workspace& ws) override;
  std::vector<std::string> dataless_modules() const override { return {"module.monitoring", "module.logging"}; }
};

}  // namespace stackctl::targets::cloud
