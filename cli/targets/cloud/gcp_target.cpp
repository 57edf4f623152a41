#include "targets/cloud/gcp_target.hpp"

#include "clients/gcloud.hpp"

namespace stackctl::targets::cloud {

std::string GcpTarget::check_access() {
  const std::string account = clients::Gcloud().check_auth(env().target.project);
  return "gcloud: " + account + ", project " + env().target.project;
}

registry::Credentials GcpTarget::registry_credentials() {
  return {"oauth2accesstoken", clients::Gcloud().access_token()};
}

void GcpTarget::fetch_cluster_credentials(const InfrastructureOutputs& out, const Workspace& ws) {
  clients::Gcloud().get_credentials(out.cluster_name, out.cluster_location, env().target.project, ws.kubeconfig);
}

}  // namespace stackctl::targets::cloud
