#include "releases/release_store.hpp"

#include <git2.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "releases/release_commits.hpp"
#include "releases/release_remote.hpp"

namespace stackctl::releases {

using namespace detail;  // the store is written in terms of its commits (release_commits.hpp)

namespace {

struct Library {
  Library() { git_libgit2_init(); }
  ~Library() { git_libgit2_shutdown(); }
};

void warn_on_stderr(const std::string& message) { std::fprintf(stderr, "warning: %s\n", message.c_str()); }

constexpr int push_attempts = 3;

}  // namespace

struct ReleaseStore::Impl {
  Library library;
  Repo repo;
  std::filesystem::path git_dir;
  std::optional<std::string> remote;
  std::function<void(const std::string&)> warn = warn_on_stderr;
  std::function<void()> before_push;

  std::string git() const { return "git --git-dir " + shell_quote(git_dir.string()); }
  std::string url() const { return detail::display_url(*remote); }

  std::string push_hint(const std::string& environment) const { return git() + " push origin " + environment; }

  std::string resolution(const std::string& environment) const {
    return "To resolve it, set the local releases aside (they stay readable under refs/unpushed/" + environment +
           "), take the remote's, and deploy again so the next release records what runs:\n  " + git() +
           " update-ref refs/unpushed/" + environment + " refs/heads/" + environment + "\n  " + git() +
           " update-ref refs/heads/" + environment + " refs/remotes/origin/" + environment + "\n  stackctl up " +
           environment + "   (or `stackctl rollback " + environment + " --to N`)";
  }

  std::string diverged(const std::string& environment, const git_oid& local, const git_oid& theirs) const {
    git_repository* r = repo.get();
    const auto mine = only_in(r, local, {theirs});
    const auto others = only_in(r, theirs, {local});
    return "the releases of " + environment + " in " + git_dir.string() +
           " have diverged from the release store remote " + url() + ": " + releases_phrase(r, mine, false) +
           (mine.size() == 1 ? " was" : " were") + " recorded here but never pushed, while the remote got " +
           releases_phrase(r, others, true) + " from someone else. Nothing was changed or discarded. " +
           resolution(environment);
  }

  // Fetches the environment's branch and fast-forwards the local one; returns
  // the remote's head (nullopt: no such branch there).
  std::optional<git_oid> sync(const std::string& environment, bool warn_local_only) {
    git_repository* r = repo.get();
    const auto theirs = detail::fetch_branch(r, *remote, environment);
    const auto local = branch_head(r, environment);
    if (!local) {
      if (theirs) move_branch(r, environment, *theirs, std::nullopt, "stackctl: pull " + environment);
      return theirs;
    }
    if (same(local, theirs)) return theirs;
    if (theirs && git_graph_descendant_of(r, &*theirs, &*local) == 1) {
      move_branch(r, environment, *theirs, local, "stackctl: pull " + environment);
      return theirs;
    }
    if (!theirs || git_graph_descendant_of(r, &*local, &*theirs) == 1) {
      if (warn_local_only) {
        const auto mine = only_in(r, *local, {theirs});
        warn(releases_phrase(r, mine, false) + " of " + environment + (mine.size() == 1 ? " is" : " are") +
             " recorded in " + git_dir.string() + " only, not on the remote " + url() + ": the next release of " +
             environment + " pushes " + (mine.size() == 1 ? "it" : "them") + ", or push now with `" +
             push_hint(environment) + "`");
      }
      return theirs;
    }
    throw DivergedBranch(diverged(environment, *local, *theirs));
  }

  void pull_for_read(const std::string& environment) {
    if (!remote) return;
    try {
      sync(environment, true);
    } catch (const RemoteUnreachable& e) {
      warn(std::string(e.what()) + "; showing the releases of " + environment + " in the local copy " +
           git_dir.string());
    }
  }

  ReleaseNotPushed not_pushed(const std::string& environment, int number, const std::string& reason,
                              bool pushable) const {
    std::string message = "release " + std::to_string(number) + " of " + environment +
                          " is recorded in the local store " + git_dir.string() + " only, not on the remote " + url() +
                          ": " + reason;
    if (pushable)
      message += "\nIt is pushed with the next release of " + environment +
                 " once the remote can be reached, or now with `" + push_hint(environment) + "`.";
    return ReleaseNotPushed(detail::scrub(message, *remote), number);
  }
};

ReleaseStore::ReleaseStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReleaseStore::ReleaseStore(ReleaseStore&&) noexcept = default;
ReleaseStore& ReleaseStore::operator=(ReleaseStore&&) noexcept = default;
ReleaseStore::~ReleaseStore() = default;

ReleaseStore ReleaseStore::open(const std::filesystem::path& git_dir, std::optional<std::string> remote_url) {
  auto impl = std::make_unique<Impl>();
  impl->git_dir = git_dir;
  if (git_repository_open_bare(impl->repo.out(), git_dir.c_str()) != 0) {
    std::error_code ec;
    std::filesystem::create_directories(git_dir, ec);
    check(git_repository_init(impl->repo.out(), git_dir.c_str(), /*is_bare=*/1), "create " + git_dir.string());
  }
  if (remote_url && remote_url->empty()) remote_url.reset();
  if (remote_url) detail::configure_origin(impl->repo.get(), *remote_url);
  impl->remote = std::move(remote_url);
  return ReleaseStore(std::move(impl));
}

int ReleaseStore::record(Release release) {
  git_repository* repo = impl_->repo.get();
  const std::string environment = release.environment;
  if (!impl_->remote) return commit_on_branch(repo, release);

  // The remote's head our new commit builds on. A remote that cannot be
  // pulled still gets the release recorded locally: the deploy happened.
  std::optional<git_oid> base;
  std::string failure;
  bool pushable = true;
  try {
    base = impl_->sync(environment, false);
  } catch (const DivergedBranch& e) {
    failure = e.what();
    pushable = false;
  } catch (const RemoteUnreachable& e) {
    failure = e.what();
  }
  int number = commit_on_branch(repo, release);
  if (!failure.empty()) throw impl_->not_pushed(environment, number, failure, pushable);

  for (int attempt = 1;; ++attempt) {
    if (impl_->before_push) impl_->before_push();
    detail::PushResult result;
    try {
      result = detail::push_branch(repo, *impl_->remote, environment, base);
    } catch (const RemoteUnreachable& e) {
      throw impl_->not_pushed(environment, number, e.what(), true);
    }
    if (result.pushed) return number;

    // Refused: did someone else record meanwhile?
    const auto tip = branch_head(repo, environment);
    std::optional<git_oid> theirs;
    try {
      theirs = detail::fetch_branch(repo, *impl_->remote, environment);
    } catch (const RemoteUnreachable& e) {
      throw impl_->not_pushed(environment, number,
                              "the push was refused (" + result.rejection + ") and then " + e.what(), true);
    }
    if (!theirs || same(theirs, base))
      throw impl_->not_pushed(environment, number, "the remote refused the push: " + result.rejection, true);
    if (attempt == push_attempts)
      throw impl_->not_pushed(environment, number,
                              "the remote refused " + std::to_string(push_attempts) +
                                  " pushes because others recorded releases of " + environment +
                                  " at the same time, so " + impl_->diverged(environment, *tip, *theirs),
                              false);
    // Re-number the local-only releases (ours, and any left by an earlier
    // failed push) on top of the remote's newest, and push again.
    const auto mine = only_in(repo, *tip, {base, theirs});
    auto [renumbered, last] = renumber(repo, mine, theirs);
    move_branch(repo, environment, renumbered, tip, "stackctl: renumber onto origin/" + environment);
    number = last;
    base = theirs;
  }
}

std::vector<Release> ReleaseStore::history(const std::string& environment) const {
  impl_->pull_for_read(environment);
  git_repository* repo = impl_->repo.get();
  std::vector<Release> out;
  git_oid id;
  if (git_reference_name_to_id(&id, repo, branch(environment).c_str()) != 0) return out;
  while (true) {
    Commit commit;
    check(git_commit_lookup(commit.out(), repo, &id), "read a release");
    out.push_back(read_release(repo, commit.get(), false));
    if (git_commit_parentcount(commit.get()) == 0) break;
    id = *git_commit_parent_id(commit.get(), 0);
  }
  return out;
}

std::optional<Release> ReleaseStore::get(const std::string& environment, int number) const {
  impl_->pull_for_read(environment);
  git_repository* repo = impl_->repo.get();
  git_oid id;
  if (git_reference_name_to_id(&id, repo, branch(environment).c_str()) != 0) return std::nullopt;
  while (true) {
    Commit commit;
    check(git_commit_lookup(commit.out(), repo, &id), "read a release");
    Release meta = read_release(repo, commit.get(), false);
    if (meta.number == number) return read_release(repo, commit.get(), true);
    if (meta.number < number || git_commit_parentcount(commit.get()) == 0) return std::nullopt;
    id = *git_commit_parent_id(commit.get(), 0);
  }
}

void ReleaseStore::pull(const std::string& environment) {
  if (impl_->remote) impl_->sync(environment, true);
}

void ReleaseStore::check_remote() {
  if (impl_->remote) detail::probe_push(impl_->repo.get(), *impl_->remote);
}

const std::optional<std::string>& ReleaseStore::remote_url() const { return impl_->remote; }

void ReleaseStore::set_warning_handler(std::function<void(const std::string&)> handler) {
  impl_->warn = handler ? std::move(handler) : warn_on_stderr;
}

void ReleaseStore::set_before_push_hook(std::function<void()> hook) { impl_->before_push = std::move(hook); }

}  // namespace stackctl::releases
