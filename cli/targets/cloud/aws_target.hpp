// The aws target: Terraform's aws provider (credentials as terraform finds
// them), `aws eks update-kubeconfig` and ECR's login password; target.endpoint
// points every AWS call at an emulator (docs/targets/aws.md).
#pragma once

#include <optional>

#include "targets/cloud/cloud_target.hpp"

namespace stackctl::targets::cloud {

class AwsTarget : public CloudTarget {
 public:
  using CloudTarget::CloudTarget;
  std::string kind() const override { return "aws"; }

 protected:
  std::string check_access() override { return ""; }  // terraform reports missing credentials itself
  registry::Credentials registry_credentials() override;
  void fetch_cluster_credentials(const InfrastructureOutputs& out, const Workspace& ws) override;
  std::vector<std::string> dataless_modules() const override { return {"module.alarms"}; }

 private:
  std::optional<std::string> endpoint() const;
};

}  // namespace stackctl::targets::cloud
