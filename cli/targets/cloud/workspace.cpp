#include "targets/cloud/workspace.hpp"

namespace stackctl::targets::cloud {

Workspace workspace_for(const std::filesystem::path& project_root, const std::string& instance) {
  const auto base = std::filesystem::absolute(project_root) / ".stackctl";
  const auto own = base / "cloud" / instance;
  return Workspace{own / "terraform",
                   own / "data",
                   own / "infra.tfplan",
                   own / "kubernetes",
                   base / "state" / (instance + ".tfstate"),
                   base / "kube" / (instance + ".kubeconfig")};
}

}  // namespace stackctl::targets::cloud
