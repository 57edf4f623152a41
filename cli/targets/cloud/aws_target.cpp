#include "targets/cloud/aws_target.hpp"

#include "clients/aws_cli.hpp"

namespace stackctl::targets::cloud {

std::optional<std::string> AwsTarget::endpoint() const {
  if (env().target.endpoint.empty()) return std::nullopt;
  return env().target.endpoint;
}

registry::Credentials AwsTarget::registry_credentials() {
  return {"AWS", clients::AwsCli().ecr_password(env().target.region, endpoint())};
}

void AwsTarget::fetch_cluster_credentials(const InfrastructureOutputs& out, const Workspace& ws) {
  clients::AwsCli().update_kubeconfig(out.cluster_name, env().target.region, ws.kubeconfig, endpoint());
}

}  // namespace stackctl::targets::cloud
