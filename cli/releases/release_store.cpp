#include "releases/release_store.hpp"

#include <git2.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <stdexcept>

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

}  // namespace

struct ReleaseStore::Impl {
  Library library;
  Repo repo;
};

ReleaseStore::ReleaseStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReleaseStore::ReleaseStore(ReleaseStore&&) noexcept = default;
ReleaseStore& ReleaseStore::operator=(ReleaseStore&&) noexcept = default;
ReleaseStore::~ReleaseStore() = default;

ReleaseStore ReleaseStore::open(const std::filesystem::path& git_dir) {
  auto impl = std::make_unique<Impl>();
  if (git_repository_open_bare(impl->repo.out(), git_dir.c_str()) != 0) {
    std::error_code ec;
    std::filesystem::create_directories(git_dir, ec);
    check(git_repository_init(impl->repo.out(), git_dir.c_str(), /*is_bare=*/1), "create " + git_dir.string());
  }
  return ReleaseStore(std::move(impl));
}

int ReleaseStore::record(Release release) {
  git_repository* repo = impl_->repo.get();
  Commit parent;
  git_oid head;
  bool has_parent = git_reference_name_to_id(&head, repo, branch(release.environment).c_str()) == 0;
  if (has_parent) {
    check(git_commit_lookup(parent.out(), repo, &head), "read the latest release");
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
  std::string message = "release " + std::to_string(release.number) + " of " + release.environment +
                        (release.note.empty() ? "" : ": " + release.note) + "\n";
  const git_commit* parents[] = {parent.get()};
  git_oid commit;
  check(git_commit_create(&commit, repo, branch(release.environment).c_str(), who.get(), who.get(), nullptr,
                          message.c_str(), tree.get(), has_parent ? 1 : 0, has_parent ? parents : nullptr),
        "record release " + std::to_string(release.number) + " of " + release.environment);
  return release.number;
}

std::vector<Release> ReleaseStore::history(const std::string& environment) const {
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

}  // namespace stackctl::releases
