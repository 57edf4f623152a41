// The release store: every successful deploy of an environment is recorded
// as release N, a commit in a git repository (libgit2; by default the bare
// repository .stackctl/releases.git). Each environment has its own branch,
// refs/heads/<environment>, so `git log <environment>` is its history.
//
// A release commit's tree holds release.json (number, environment, source
// commit, user, time, note, image digests) and manifests/<path> for every
// rendered document. Rendered documents carry secret references only, so
// the store never holds a secret value.
//
// A team shares releases through a remote (STACKCTL_RELEASE_REMOTE): the
// local bare repository is then a cache of it, configured as its `origin`.
// Reads pull the environment's branch first (an unreachable remote is a
// warning and the cache is used); record() pulls, appends and pushes, and
// re-numbers its release when someone else recorded one meanwhile.
// docs/releases.md describes the store, the remote and the failure modes.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stackctl::releases {

/// The environment variable naming the team remote of the release store.
inline constexpr const char* remote_variable = "STACKCTL_RELEASE_REMOTE";

/// $STACKCTL_RELEASE_REMOTE (a git URL: ssh://, git@host:path, https://,
/// file:// or a path to a bare repository), or nullopt when unset or empty.
std::optional<std::string> release_remote_from_environment();

/// A problem with the store's remote. what() names the remote's URL (with
/// any password masked) and never contains STACKCTL_RELEASE_STORE_TOKEN.
struct RemoteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// The remote could not be reached: network, authentication, no repository.
struct RemoteUnreachable : RemoteError {
  using RemoteError::RemoteError;
};
/// The local branch of an environment and the remote's each have releases the
/// other lacks (typically a release recorded while its push failed, and one
/// recorded by someone else since). Nothing was changed.
struct DivergedBranch : RemoteError {
  using RemoteError::RemoteError;
};
/// record() committed the release to the local store but could not push it;
/// `number` is its number there. The message says why and how to push it.
struct ReleaseNotPushed : RemoteError {
  ReleaseNotPushed(const std::string& message, int release_number) : RemoteError(message), number(release_number) {}
  int number;
};

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
  /// With `remote_url`, the store is a cache of that remote, configured as its
  /// `origin` (the URL is updated when it changed); nothing is fetched yet.
  /// Throws std::runtime_error naming the path on failure.
  static ReleaseStore open(const std::filesystem::path& git_dir, std::optional<std::string> remote_url = std::nullopt);
  ReleaseStore(ReleaseStore&&) noexcept;
  ReleaseStore& operator=(ReleaseStore&&) noexcept;
  ~ReleaseStore();

  /// Records `release` as the environment's next number; returns it.
  /// With a remote: pulls first, commits, pushes refs/heads/<environment>;
  /// when the push is refused because the remote moved, re-numbers the
  /// release onto the remote's newest and pushes again (3 attempts). When it
  /// cannot be pushed, the release stays committed locally and
  /// ReleaseNotPushed says why and how to push it.
  int record(Release release);
  /// The environment's releases, newest first, without their files.
  /// With a remote: pulls first; an unreachable remote is a warning and the
  /// local cache is read; a diverged branch throws DivergedBranch.
  std::vector<Release> history(const std::string& environment) const;
  /// One release with its files; nullopt when there is no such number.
  /// Pulls first like history().
  std::optional<Release> get(const std::string& environment, int number) const;

  /// Fetches the environment's branch from the remote and fast-forwards the
  /// local one. A branch missing on the remote is fine. Throws
  /// RemoteUnreachable, or DivergedBranch (explaining how to resolve it).
  /// Without a remote, does nothing.
  void pull(const std::string& environment);
  /// Checks that the remote can be reached for a push (connects, lists its
  /// refs); call it before deploying so record() does not fail afterwards.
  /// Throws RemoteUnreachable. Without a remote, does nothing.
  void check_remote();

  /// The remote's URL as given to open(), if any.
  const std::optional<std::string>& remote_url() const;
  /// Where warnings go (an unreachable remote on a read, releases recorded
  /// only locally); by default "warning: ..." lines on stderr.
  void set_warning_handler(std::function<void(const std::string&)> handler);
  /// For tests: runs before each push attempt of record(), after its commit.
  void set_before_push_hook(std::function<void()> hook);

 private:
  struct Impl;
  explicit ReleaseStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stackctl::releases
