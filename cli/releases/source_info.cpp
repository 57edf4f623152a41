#include "releases/source_info.hpp"

#include <git2.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

namespace stackctl::releases {
namespace {

struct Git {
  Git() { git_libgit2_init(); }
  ~Git() { git_libgit2_shutdown(); }
};

}  // namespace

std::string source_commit(const std::filesystem::path& root) {
  Git git;
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, std::filesystem::absolute(root).c_str(), 0, nullptr) != 0) return "";
  std::unique_ptr<git_repository, decltype(&git_repository_free)> repo(raw, git_repository_free);
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo.get(), "HEAD") != 0) return "";
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  std::string out = hex;

  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;  // untracked files do not count
  git_status_list* status = nullptr;
  if (git_status_list_new(&status, repo.get(), &opts) == 0) {
    if (git_status_list_entrycount(status) > 0) out += "-dirty";
    git_status_list_free(status);
  }
  return out;
}

std::string current_user() {
  if (const char* u = std::getenv("STACKCTL_USER"); u && *u) return u;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
  return "uid " + std::to_string(getuid());
}

}  // namespace stackctl::releases
