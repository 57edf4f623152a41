// The release store's git side: libgit2 handles freed on scope exit, and the
// commits of a release branch: writing a release as a commit (release.json
// plus its files as a tree), reading it back, walking a branch, moving it
// only if it did not move meanwhile, and re-numbering releases on top of a
// teammate's. Used by release_store.cpp (the ReleaseStore API and the team
// remote's sync); not a public interface.
#pragma once

#include <git2.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "releases/release_store.hpp"

namespace stackctl::releases::detail {

// libgit2 objects freed on scope exit.
template <typename T, void (*Free)(T*)>
struct Owned {
  T* ptr = nullptr;
  ~Owned() {
    if (ptr) Free(ptr);
  }
  T** out() { return &ptr; }
  T* get() const { return ptr; }
};
using Repo = Owned<git_repository, git_repository_free>;
using Commit = Owned<git_commit, git_commit_free>;
using Tree = Owned<git_tree, git_tree_free>;
using Builder = Owned<git_treebuilder, git_treebuilder_free>;
using Signature = Owned<git_signature, git_signature_free>;
using Blob = Owned<git_blob, git_blob_free>;
using Entry = Owned<git_tree_entry, git_tree_entry_free>;
using Walk = Owned<git_revwalk, git_revwalk_free>;

/// Throws std::runtime_error("release store: WHAT: <libgit2's message>") when code < 0.
void check(int code, const std::string& what);
/// "refs/heads/<environment>"
std::string branch(const std::string& environment);
/// The release a commit records; `with_files` also reads its files.
Release read_release(git_repository* repo, const git_commit* commit, bool with_files);
Release read_release(git_repository* repo, const git_oid& id);
std::optional<git_oid> branch_head(git_repository* repo, const std::string& environment);
bool same(const std::optional<git_oid>& a, const std::optional<git_oid>& b);
/// Commits reachable from `tip` but from none of `hide`, oldest first, along first parents.
std::vector<git_oid> only_in(git_repository* repo, const git_oid& tip,
                             std::initializer_list<std::optional<git_oid>> hide);
/// Points refs/heads/<environment> at `target` if it still points at `expected`.
void move_branch(git_repository* repo, const std::string& environment, const git_oid& target,
                 const std::optional<git_oid>& expected, const std::string& why);
/// Commits `release` on top of the environment's branch as its next number.
int commit_on_branch(git_repository* repo, Release& release);
/// Re-creates `commits` (oldest first) on top of `onto`, numbered after it;
/// returns the new tip and its number.
std::pair<git_oid, int> renumber(git_repository* repo, const std::vector<git_oid>& commits,
                                 const std::optional<git_oid>& onto);
std::string shell_quote(const std::string& word);
/// "release 4", "releases 4, 5", "releases 4 to 9"; with_user adds who
/// recorded the newest and when.
std::string releases_phrase(git_repository* repo, const std::vector<git_oid>& commits, bool with_user);

}  // namespace stackctl::releases::detail
