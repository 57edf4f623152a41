#include "releases/store_location.hpp"

#include <cstdlib>

namespace stackctl::releases {

std::filesystem::path release_store_path(const std::filesystem::path& project_root) {
  if (const char* p = std::getenv("STACKCTL_RELEASE_STORE"); p && *p) return p;
  return project_root / ".stackctl" / "releases.git";
}

ReleaseStore open_project_store(const std::filesystem::path& project_root) {
  return ReleaseStore::open(release_store_path(project_root), release_remote_from_environment());
}

void prepare_for_deploy(ReleaseStore& store, const std::string& instance) {
  if (!store.remote_url()) return;
  store.check_remote();
  store.pull(instance);
}

ReleaseStore open_store_for_deploy(const std::filesystem::path& project_root, const std::string& instance) {
  auto store = open_project_store(project_root);
  prepare_for_deploy(store, instance);
  return store;
}

}  // namespace stackctl::releases
