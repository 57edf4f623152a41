#include "releases/release_store.hpp"

#include <git2.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "releases/release_remote.hpp"

namespace stackctl::releases {

namespace {

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

void check(int code, const std::string& what) {
  if (code >= 0) return;
  const git_error* e = git_error_last();
  throw std::runtime_error("release store: " + what + ": " + (e && e->message ? e->message : "libgit2 error"));
}

struct Library {
  Library() { git_libgit2_init(); }
  ~Library() { git_libgit2_shutdown(); }
};

std::string now_rfc3339() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string branch(const std::string& environment) { return "refs/heads/" + environment; }

nlohmann::json metadata(const Release& r) {
  return {{"number", r.number},
          {"environment", r.environment},
          {"source_commit", r.source_commit},
          {"user", r.user},
          {"time", r.time},
          {"note", r.note},
          {"images", r.images}};
}

Release from_metadata(const nlohmann::json& j) {
  Release r;
  r.number = j.at("number").get<int>();
  r.environment = j.at("environment").get<std::string>();
  r.source_commit = j.value("source_commit", "");
  r.user = j.value("user", "");
  r.time = j.value("time", "");
  r.note = j.value("note", "");
  r.images = j.value("images", std::map<std::string, std::string>{});
  return r;
}

// Writes a tree for `files` (paths with '/'), nesting sub-trees.
git_oid write_tree(git_repository* repo, const std::map<std::string, std::string>& files) {
  std::map<std::string, std::map<std::string, std::string>> subdirs;
  Builder builder;
  check(git_treebuilder_new(builder.out(), repo, nullptr), "new tree");
  for (const auto& [path, content] : files) {
    auto slash = path.find('/');
    if (slash != std::string::npos) {
      subdirs[path.substr(0, slash)][path.substr(slash + 1)] = content;
      continue;
    }
    git_oid blob;
    check(git_blob_create_from_buffer(&blob, repo, content.data(), content.size()), "write " + path);
    check(git_treebuilder_insert(nullptr, builder.get(), path.c_str(), &blob, GIT_FILEMODE_BLOB), "add " + path);
  }
  for (const auto& [dir, children] : subdirs) {
    git_oid sub = write_tree(repo, children);
    check(git_treebuilder_insert(nullptr, builder.get(), dir.c_str(), &sub, GIT_FILEMODE_TREE), "add " + dir);
  }
  git_oid id;
  check(git_treebuilder_write(&id, builder.get()), "write tree");
  return id;
}

std::string read_blob(git_repository* repo, const git_oid* id) {
  Blob blob;
  check(git_blob_lookup(blob.out(), repo, id), "read blob");
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

void read_tree(git_repository* repo, const git_tree* tree, const std::string& prefix,
               std::map<std::string, std::string>& out) {
  for (size_t i = 0; i < git_tree_entrycount(tree); ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree, i);
    std::string path = prefix + git_tree_entry_name(e);
    if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
      Tree sub;
      check(git_tree_lookup(sub.out(), repo, git_tree_entry_id(e)), "read " + path);
      read_tree(repo, sub.get(), path + "/", out);
    } else {
      out[path] = read_blob(repo, git_tree_entry_id(e));
    }
  }
}

Release read_release(git_repository* repo, const git_commit* commit, bool with_files) {
  Tree tree;
  check(git_commit_tree(tree.out(), commit), "read commit tree");
  Entry meta;
  check(git_tree_entry_bypath(meta.out(), tree.get(), "release.json"), "read release.json");
  Release r = from_metadata(nlohmann::json::parse(read_blob(repo, git_tree_entry_id(meta.get()))));
  if (with_files) {
    Entry manifests;
    if (git_tree_entry_bypath(manifests.out(), tree.get(), "manifests") == 0) {
      Tree sub;
      check(git_tree_lookup(sub.out(), repo, git_tree_entry_id(manifests.get())), "read manifests");
      read_tree(repo, sub.get(), "", r.files);
    }
  }
  return r;
}

Release read_release(git_repository* repo, const git_oid& id) {
  Commit commit;
  check(git_commit_lookup(commit.out(), repo, &id), "read a release");
  return read_release(repo, commit.get(), false);
}

std::optional<git_oid> branch_head(git_repository* repo, const std::string& environment) {
  git_oid id;
  if (git_reference_name_to_id(&id, repo, branch(environment).c_str()) != 0) return std::nullopt;
  return id;
}

bool same(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
  if (!a || !b) return !a && !b;
  return git_oid_equal(&*a, &*b) != 0;
}

// Commits reachable from `tip` but from none of `hide`, oldest first, along
// first parents (a release branch is a line).
std::vector<git_oid> only_in(git_repository* repo, const git_oid& tip,
                             std::initializer_list<std::optional<git_oid>> hide) {
  Walk walk;
  check(git_revwalk_new(walk.out(), repo), "walk releases");
  check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE), "walk releases");
  git_revwalk_simplify_first_parent(walk.get());
  check(git_revwalk_push(walk.get(), &tip), "walk releases");
  for (const auto& h : hide)
    if (h) check(git_revwalk_hide(walk.get(), &*h), "walk releases");
  std::vector<git_oid> out;
  git_oid id;
  while (git_revwalk_next(&id, walk.get()) == 0) out.push_back(id);
  return out;
}

// Points refs/heads/<environment> at `target` if it still points at `expected`.
void move_branch(git_repository* repo, const std::string& environment, const git_oid& target,
                 const std::optional<git_oid>& expected, const std::string& why) {
  git_reference* ref = nullptr;
  const std::string name = branch(environment);
  int rc = expected ? git_reference_create_matching(&ref, repo, name.c_str(), &target, 1, &*expected, why.c_str())
                    : git_reference_create(&ref, repo, name.c_str(), &target, 0, why.c_str());
  if (ref) git_reference_free(ref);
  check(rc, "update the branch " + environment);
}

std::string commit_message(const Release& r) {
  return "release " + std::to_string(r.number) + " of " + r.environment + (r.note.empty() ? "" : ": " + r.note) + "\n";
}

// Commits `release` on top of the environment's branch as its next number.
int commit_on_branch(git_repository* repo, Release& release) {
  Commit parent;
  auto head = branch_head(repo, release.environment);
  if (head) {
    check(git_commit_lookup(parent.out(), repo, &*head), "read the latest release");
    release.number = read_release(repo, parent.get(), false).number + 1;
  } else {
    release.number = 1;
  }
  if (release.time.empty()) release.time = now_rfc3339();

  std::map<std::string, std::string> files;
  files["release.json"] = metadata(release).dump(2) + "\n";
  for (const auto& [path, content] : release.files) files["manifests/" + path] = content;
  git_oid tree_id = write_tree(repo, files);
  Tree tree;
  check(git_tree_lookup(tree.out(), repo, &tree_id), "read the new tree");

  Signature who;
  std::string name = release.user.empty() ? "stackctl" : release.user;
  check(git_signature_now(who.out(), name.c_str(), (name + "@stackctl").c_str()), "signature");
  const git_commit* parents[] = {parent.get()};
  git_oid commit;
  check(git_commit_create(&commit, repo, branch(release.environment).c_str(), who.get(), who.get(), nullptr,
                          commit_message(release).c_str(), tree.get(), head ? 1 : 0, head ? parents : nullptr),
        "record release " + std::to_string(release.number) + " of " + release.environment);
  return release.number;
}

// Re-creates `commits` (oldest first) on top of `onto`, numbered after it,
// with release.json rewritten; returns the new tip and its number.
std::pair<git_oid, int> renumber(git_repository* repo, const std::vector<git_oid>& commits,
                                 const std::optional<git_oid>& onto) {
  std::optional<git_oid> parent_id = onto;
  int number = onto ? read_release(repo, *onto).number : 0;
  for (const auto& id : commits) {
    Commit original;
    check(git_commit_lookup(original.out(), repo, &id), "read a local release");
    Release meta = read_release(repo, original.get(), false);
    meta.number = ++number;
    Tree tree;
    check(git_commit_tree(tree.out(), original.get()), "read a local release");
    Builder builder;
    check(git_treebuilder_new(builder.out(), repo, tree.get()), "renumber a release");
    const std::string json = metadata(meta).dump(2) + "\n";
    git_oid blob;
    check(git_blob_create_from_buffer(&blob, repo, json.data(), json.size()), "renumber a release");
    check(git_treebuilder_insert(nullptr, builder.get(), "release.json", &blob, GIT_FILEMODE_BLOB),
          "renumber a release");
    git_oid tree_id;
    check(git_treebuilder_write(&tree_id, builder.get()), "renumber a release");
    Tree new_tree;
    check(git_tree_lookup(new_tree.out(), repo, &tree_id), "renumber a release");
    Commit parent;
    if (parent_id) check(git_commit_lookup(parent.out(), repo, &*parent_id), "read the remote's latest release");
    const git_commit* parents[] = {parent.get()};
    Signature committer;
    check(git_signature_now(committer.out(), git_commit_author(original.get())->name,
                            git_commit_author(original.get())->email),
          "signature");
    git_oid created;
    check(git_commit_create(&created, repo, nullptr, git_commit_author(original.get()), committer.get(), nullptr,
                            commit_message(meta).c_str(), new_tree.get(), parent_id ? 1 : 0,
                            parent_id ? parents : nullptr),
          "renumber release " + std::to_string(meta.number) + " of " + meta.environment);
    parent_id = created;
  }
  return {*parent_id, number};
}

std::string shell_quote(const std::string& word) {
  if (word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-:@+=") ==
      std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// "release 4", "releases 4, 5", "releases 4 to 9"; with_user adds who
// recorded the newest and when.
std::string releases_phrase(git_repository* repo, const std::vector<git_oid>& commits, bool with_user) {
  if (commits.empty()) return "no release";
  std::vector<Release> rs;
  for (const auto& id : commits) rs.push_back(read_release(repo, id));
  std::string out = rs.size() == 1 ? "release " : "releases ";
  if (rs.size() <= 2)
    for (size_t i = 0; i < rs.size(); ++i) out += (i ? ", " : "") + std::to_string(rs[i].number);
  else
    out += std::to_string(rs.front().number) + " to " + std::to_string(rs.back().number);
  const Release& newest = rs.back();
  if (with_user && !newest.user.empty())
    out += std::string(" (") + (rs.size() == 1 ? "" : "newest ") + "by " + newest.user +
           (newest.time.empty() ? "" : " at " + newest.time) + ")";
  return out;
}

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
