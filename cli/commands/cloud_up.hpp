// `stackctl up ENV` on a gcp or aws target (docs/targets/gcp.md, aws.md):
//   1. the account: gcloud logged in with access to the project (gcp);
//   2. the infrastructure: render the root module, terraform init, plan,
//      print the summary, refuse protected destroys without --allow-destroy,
//      apply exactly that plan file, read the outputs;
//   (--infra-only stops here)
//   3. the cluster's credentials into .stackctl/kube/<instance>.kubeconfig;
//   4. the services' images: built locally when missing, pushed to Artifact
//      Registry or ECR (blobs the registry has are skipped), deployed by digest;
//   5. the Kubernetes half: secrets, the infrastructure ConfigMap, a
//      server-side apply with pruning, rollout status (failing pods' events
//      and logs on failure).
#pragma once

#include "commands/cloud_support.hpp"
#include "commands/command_context.hpp"

namespace stackctl::commands {

struct CloudUpOptions {
  CloudOptions cloud;
  bool allow_destroy = false;
  bool infra_only = false;
};

int cloud_up(const GlobalOptions& g, const config::LoadedEnvironment& loaded, const CloudUpOptions& o,
             const std::string& output);

}  // namespace stackctl::commands
