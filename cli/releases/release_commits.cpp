#include "releases/release_commits.hpp"

#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace stackctl::releases::detail {

void check(int code, const std::string& what) {
  if (code >= 0) return;
  const git_error* e = git_error_last();
  throw std::runtime_error("release store: " + what + ": " + (e && e->message ? e->message : "libgit2 error"));
}



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

}  // namespace stackctl::releases::detail
