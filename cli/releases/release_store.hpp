// The release store: every successful deploy of an environment is recorded
// as release N, a commit in a git repository (libgit2; by default the bare
// repository .stackctl/releases.git). Each environment has its own branch,
// refs/heads/<environment>, so `git log <environment>` is its history.
//
// A release commit's tree holds release.json (number, environment, source
// commit, user, time, note, image digests) and manifests/<path> for every
// rendered document. Rendered documents carry secret references only, so
// the store never holds a secret value.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stackctl::releases {

struct Release {
  int number = 0;             // 1, 2, ... per environment; set by record()
  std::string environment;    // the instance name (a copy has its own history)
  std::string source_commit;  // the project's git commit, or "" outside git
  std::string user;
  std::string time;                           // RFC 3339 UTC; set by record() when empty
  std::string note;                           // e.g. "rollback to release 3"
  std::map<std::string, std::string> images;  // service -> image reference by digest
  std::map<std::string, std::string> files;   // rendered path -> content (empty in history())
};

class ReleaseStore {
 public:
  /// Opens the store, creating a bare repository at `git_dir` when missing.
  /// Throws std::runtime_error naming the path on failure.
  static ReleaseStore open(const std::filesystem::path& git_dir);
  ReleaseStore(ReleaseStore&&) noexcept;
  ReleaseStore& operator=(ReleaseStore&&) noexcept;
  ~ReleaseStore();

  /// Records `release` as the environment's next number; returns it.
  int record(Release release);
  /// The environment's releases, newest first, without their files.
  std::vector<Release> history(const std::string& environment) const;
  /// One release with its files; nullopt when there is no such number.
  std::optional<Release> get(const std::string& environment, int number) const;

 private:
  struct Impl;
  explicit ReleaseStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stackctl::releases
