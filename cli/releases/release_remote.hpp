// The release store's team remote, on libgit2: the `origin` remote of the
// local store, listing and fetching one environment's branch, pushing it,
// and the credentials for ssh (the agent) and https (a token). Used only by
// release_store.cpp; the public API (errors, release_remote_from_environment)
// is in release_store.hpp.
#pragma once

#include <git2.h>

#include <optional>
#include <string>

namespace stackctl::releases::detail {

inline constexpr const char* remote_name = "origin";
/// The environment variable whose value is the https password (user
/// x-access-token, or the user named in the URL).
inline constexpr const char* token_variable = "STACKCTL_RELEASE_STORE_TOKEN";

/// The path of a remote on this machine (file://PATH or a plain path), or
/// nullopt for ssh, scp-like and http(s) URLs.
std::optional<std::string> local_path(const std::string& url);
/// The URL as shown in messages: a password in it becomes ***.
std::string display_url(const std::string& url);
/// `text` without the token's value nor a password written in `url`.
std::string scrub(std::string text, const std::string& url);

/// Makes `url` the store's `origin` (created, or its URL replaced; replacing
/// it drops the remote-tracking refs of the previous URL).
void configure_origin(git_repository* repo, const std::string& url);

/// Connects to origin and returns the commit of refs/heads/<environment>
/// there (nullopt when the remote has no such branch), with its history
/// downloaded into `repo` and refs/remotes/origin/<environment> set to it
/// (removed when the branch is absent). Throws RemoteUnreachable.
std::optional<git_oid> fetch_branch(git_repository* repo, const std::string& url, const std::string& environment);

/// Connects to origin as for a push and lists its refs. Throws RemoteUnreachable.
void probe_push(git_repository* repo, const std::string& url);

struct PushResult {
  bool pushed = false;
  std::string rejection;  // why the remote (or libgit2's fast-forward check) refused it
};
/// Pushes refs/heads/<environment> to the same name on origin, only if the
/// remote's branch is still `expected` (nullopt: absent) or an ancestor of
/// ours; never forced. A refusal is a result; failing to reach the remote
/// throws RemoteUnreachable.
///
/// Over ssh and http(s) the server makes that check when it updates the
/// branch. libgit2's local transport (file:// and paths) overwrites the branch
/// without it, so for a local remote the commits are pushed to a private ref
/// and the branch is then moved with a compare-and-swap in the remote
/// repository (git's own ref locking).
PushResult push_branch(git_repository* repo, const std::string& url, const std::string& environment,
                       const std::optional<git_oid>& expected);

}  // namespace stackctl::releases::detail
