// Where a cloud environment's deploy keeps its working files, under the
// project's .stackctl/ (never in the user's home):
//   .stackctl/cloud/<instance>/terraform/   the rendered root module, replaced each run
//   .stackctl/cloud/<instance>/data/        TF_DATA_DIR: providers, modules, backend
//   .stackctl/cloud/<instance>/infra.tfplan the plan `up` reviewed and applies
//   .stackctl/cloud/<instance>/kubernetes/  the manifests applied
//   .stackctl/state/<instance>.tfstate      local state (state: {backend: local})
//   .stackctl/kube/<instance>.kubeconfig    the cluster credentials, mode 0600
#pragma once

#include <filesystem>
#include <string>

namespace stackctl::targets::cloud {

struct Workspace {
  std::filesystem::path terraform_dir;
  std::filesystem::path data_dir;
  std::filesystem::path plan_file;
  std::filesystem::path kubernetes_dir;
  std::filesystem::path local_state;
  std::filesystem::path kubeconfig;
};

Workspace workspace_for(const std::filesystem::path& project_root, const std::string& instance);

}  // namespace stackctl::targets::cloud
