#include "releases/release_remote.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "releases/release_store.hpp"

namespace stackctl::releases {

std::optional<std::string> release_remote_from_environment() {
  const char* value = std::getenv(remote_variable);
  if (!value) return std::nullopt;
  std::string url = value;
  const auto first = url.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  url = url.substr(first, url.find_last_not_of(" \t\r\n") - first + 1);
  return url;
}

namespace detail {

namespace {

struct RemoteHandle {
  git_remote* ptr = nullptr;
  ~RemoteHandle() {
    if (ptr) {
      git_remote_disconnect(ptr);
      git_remote_free(ptr);
    }
  }
};

std::string token() {
  const char* t = std::getenv(token_variable);
  return t ? t : "";
}

// The password written in a URL's user information, or "".
std::string url_password(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const auto start = scheme + 3;
  const auto end = url.find('/', start);
  const std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  const auto at = authority.rfind('@');
  if (at == std::string::npos) return "";
  const auto colon = authority.find(':');
  if (colon == std::string::npos || colon > at) return "";
  return authority.substr(colon + 1, at - colon - 1);
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string last_error() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "libgit2 error";
}

// Credentials: the ssh agent for ssh, the token for https; each offered once,
// so a refused credential ends the operation instead of looping.
// The payload of every callback of one connection.
struct Session {
  bool username_given = false;
  bool agent_tried = false;
  bool token_tried = false;
  std::string push_status;  // set when the remote refuses a pushed ref
};

int acquire_credentials(git_credential** out, const char* /*url*/, const char* username_from_url, unsigned int allowed,
                        void* payload) {
  auto* auth = static_cast<Session*>(payload);
  const char* user = username_from_url && *username_from_url ? username_from_url : nullptr;
  if (allowed & GIT_CREDENTIAL_SSH_KEY) {
    if (auth->agent_tried) {
      git_error_set_str(GIT_ERROR_NET, "the ssh agent's keys were refused (is the key loaded? `ssh-add -l`)");
      return GIT_EAUTH;
    }
    auth->agent_tried = true;
    return git_credential_ssh_key_from_agent(out, user ? user : "git");
  }
  if ((allowed & GIT_CREDENTIAL_USERNAME) && !auth->username_given) {
    auth->username_given = true;
    return git_credential_username_new(out, user ? user : "git");
  }
  if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
    const std::string secret = token();
    if (secret.empty()) {
      git_error_set_str(
          GIT_ERROR_NET,
          (std::string("the remote asks for credentials: set ") + token_variable + " to an access token").c_str());
      return GIT_EAUTH;
    }
    if (auth->token_tried) {
      git_error_set_str(GIT_ERROR_NET, (std::string("the remote refused the token in ") + token_variable).c_str());
      return GIT_EAUTH;
    }
    auth->token_tried = true;
    return git_credential_userpass_plaintext_new(out, user ? user : "x-access-token", secret.c_str());
  }
  git_error_set_str(GIT_ERROR_NET, "the remote asks for a kind of credentials stackctl cannot provide");
  return GIT_EAUTH;
}

int on_push_update(const char* /*refname*/, const char* status, void* payload) {
  if (status) static_cast<Session*>(payload)->push_status = status;
  return 0;
}

git_remote_callbacks callbacks(Session* session) {
  git_remote_callbacks cb = GIT_REMOTE_CALLBACKS_INIT;
  cb.credentials = acquire_credentials;
  cb.push_update_reference = on_push_update;
  cb.payload = session;
  return cb;
}

git_proxy_options proxy() {
  git_proxy_options p = GIT_PROXY_OPTIONS_INIT;
  p.type = GIT_PROXY_AUTO;  // http.proxy of the store, or https_proxy & co.
  return p;
}

[[noreturn]] void unreachable(const std::string& url, const std::string& what) {
  throw RemoteUnreachable(
      scrub("cannot " + what + " the release store remote " + display_url(url) + ": " + last_error(), url));
}

// libgit2 only says "unsupported URL protocol" when a local remote's path
// does not exist, so say it here.
void check_local_path(const std::string& url) {
  const auto path = local_path(url);
  if (!path) return;
  std::error_code ec;
  if (!std::filesystem::is_directory(*path, ec))
    throw RemoteUnreachable("cannot reach the release store remote " + url + ": there is no repository at " + *path +
                            " (a team creates it once with `git init --bare " + *path + "`)");
}

void lookup_origin(RemoteHandle& remote, git_repository* repo, const std::string& url) {
  check_local_path(url);
  if (git_remote_lookup(&remote.ptr, repo, remote_name) != 0)
    throw RemoteError(scrub("release store: no `origin` remote for " + display_url(url) + ": " + last_error(), url));
}

std::string tracking_ref(const std::string& environment) {
  return std::string("refs/remotes/") + remote_name + "/" + environment;
}

void set_tracking_ref(git_repository* repo, const std::string& environment, const git_oid* id) {
  git_reference* ref = nullptr;
  if (id) {
    if (git_reference_create(&ref, repo, tracking_ref(environment).c_str(), id, 1, "stackctl: fetch") == 0)
      git_reference_free(ref);
  } else if (git_reference_lookup(&ref, repo, tracking_ref(environment).c_str()) == 0) {
    git_reference_delete(ref);
    git_reference_free(ref);
  }
}

}  // namespace

std::optional<std::string> local_path(const std::string& url) {
  if (url.rfind("file://", 0) == 0) return url.substr(7);
  if (url.empty() || url.find("://") != std::string::npos) return std::nullopt;
  // scp-like user@host:path has a ':' before any '/'
  const auto colon = url.find(':');
  if (url.front() == '/' || url.front() == '.' || colon == std::string::npos || url.find('/') < colon) return url;
  return std::nullopt;
}

std::string display_url(const std::string& url) {
  const std::string password = url_password(url);
  if (password.empty()) return url;
  const auto scheme = url.find("://");
  const auto colon = url.find(':', scheme + 3);
  return url.substr(0, colon + 1) + "***" + url.substr(colon + 1 + password.size());
}

std::string scrub(std::string text, const std::string& url) {
  const std::string password = url_password(url);
  if (!password.empty()) {
    text = replace_all(std::move(text), url, display_url(url));
    text = replace_all(std::move(text), password, "***");
  }
  return replace_all(std::move(text), token(), "***");
}

void configure_origin(git_repository* repo, const std::string& url) {
  git_remote* existing = nullptr;
  const int found = git_remote_lookup(&existing, repo, remote_name);
  std::string current = found == 0 && git_remote_url(existing) ? git_remote_url(existing) : "";
  if (existing) git_remote_free(existing);
  if (found == 0 && current == url) return;
  int rc = 0;
  if (found == 0) {
    rc = git_remote_set_url(repo, remote_name, url.c_str());
    // The previous URL's remote-tracking refs describe another repository.
    git_reference_iterator* it = nullptr;
    if (rc == 0 && git_reference_iterator_glob_new(&it, repo, "refs/remotes/origin/*") == 0) {
      git_reference* ref = nullptr;
      while (git_reference_next(&ref, it) == 0) {
        git_reference_delete(ref);
        git_reference_free(ref);
      }
      git_reference_iterator_free(it);
    }
  } else {
    git_remote* created = nullptr;
    rc = git_remote_create(&created, repo, remote_name, url.c_str());
    if (created) git_remote_free(created);
  }
  if (rc != 0)
    throw RemoteError(scrub("release store: cannot set the remote " + display_url(url) + ": " + last_error(), url));
}

/// Connects `remote` for `direction` (credentials from `session`) and lists
/// its references; an unreachable remote throws RemoteUnreachable.
const git_remote_head** connect_and_list(RemoteHandle& remote, const std::string& url, git_direction direction,
                                         Session& session, size_t& count) {
  git_remote_connect_options connect = GIT_REMOTE_CONNECT_OPTIONS_INIT;
  connect.callbacks = callbacks(&session);
  connect.proxy_opts = proxy();
  if (git_remote_connect_ext(remote.ptr, direction, &connect) != 0) unreachable(url, "reach");
  const git_remote_head** heads = nullptr;
  if (git_remote_ls(&heads, &count, remote.ptr) != 0) unreachable(url, "list the branches of");
  return heads;
}

std::optional<git_oid> fetch_branch(git_repository* repo, const std::string& url, const std::string& environment) {
  RemoteHandle remote;
  lookup_origin(remote, repo, url);
  Session session;
  size_t count = 0;
  const git_remote_head** heads = connect_and_list(remote, url, GIT_DIRECTION_FETCH, session, count);
  const std::string wanted = "refs/heads/" + environment;
  std::optional<git_oid> head;
  for (size_t i = 0; i < count; ++i)
    if (wanted == heads[i]->name) head = heads[i]->oid;

  if (head) {
    git_odb* odb = nullptr;
    bool present = git_repository_odb(&odb, repo) == 0 && git_odb_exists(odb, &*head);
    if (odb) git_odb_free(odb);
    if (!present) {
      std::string spec = "+" + wanted + ":" + tracking_ref(environment);
      char* specs[] = {spec.data()};
      git_strarray refspecs = {specs, 1};
      git_fetch_options fetch = GIT_FETCH_OPTIONS_INIT;
      fetch.callbacks = callbacks(&session);
      fetch.proxy_opts = proxy();
      fetch.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
      fetch.update_fetchhead = 0;
      if (git_remote_download(remote.ptr, &refspecs, &fetch) != 0) unreachable(url, "fetch " + environment + " from");
    }
  }
  git_remote_disconnect(remote.ptr);
  set_tracking_ref(repo, environment, head ? &*head : nullptr);
  return head;
}

void probe_push(git_repository* repo, const std::string& url) {
  RemoteHandle remote;
  lookup_origin(remote, repo, url);
  if (const auto path = local_path(url)) {
    git_repository* shared = nullptr;
    if (git_repository_open(&shared, path->c_str()) != 0) unreachable(url, "open");
    const bool bare = git_repository_is_bare(shared);
    git_repository_free(shared);
    if (!bare)
      throw RemoteUnreachable("the release store remote " + url + " is not a bare repository (create one with " +
                              "`git init --bare " + *path + "`)");
  }
  Session session;
  size_t count = 0;
  connect_and_list(remote, url, GIT_DIRECTION_PUSH, session, count);
}

PushResult push_branch(git_repository* repo, const std::string& url, const std::string& environment,
                       const std::optional<git_oid>& expected) {
  RemoteHandle remote;
  lookup_origin(remote, repo, url);
  const auto path = local_path(url);
  const std::string branch_ref = "refs/heads/" + environment;
  git_oid tip;
  if (git_reference_name_to_id(&tip, repo, branch_ref.c_str()) != 0)
    throw RemoteError("release store: no local branch " + environment + " to push");

  // To a local remote, the commits go to a ref of this push's own first.
  static std::atomic<unsigned> pushes{0};
  const std::string target = path ? "refs/stackctl/incoming/" + environment + "-" + std::to_string(getpid()) + "-" +
                                        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
                                        "-" + std::to_string(pushes++)
                                  : branch_ref;
  Session session;
  git_push_options push = GIT_PUSH_OPTIONS_INIT;
  push.callbacks = callbacks(&session);
  push.proxy_opts = proxy();
  std::string spec = branch_ref + ":" + target;
  char* specs[] = {spec.data()};
  git_strarray refspecs = {specs, 1};
  const int rc = git_remote_push(remote.ptr, &refspecs, &push);
  if (rc == GIT_ENONFASTFORWARD) return {false, scrub(last_error(), url)};
  if (rc != 0) unreachable(url, "push " + environment + " to");
  if (!session.push_status.empty()) return {false, scrub(session.push_status, url)};

  if (path) {
    git_repository* shared = nullptr;
    if (git_repository_open_bare(&shared, path->c_str()) != 0) unreachable(url, "open");
    git_reference* ref = nullptr;
    int moved = expected ? git_reference_create_matching(&ref, shared, branch_ref.c_str(), &tip, 1, &*expected,
                                                         "stackctl: record")
                         : git_reference_create(&ref, shared, branch_ref.c_str(), &tip, 0, "stackctl: record");
    const std::string why = moved < 0 ? last_error() : "";
    if (ref) git_reference_free(ref);
    if (git_reference_lookup(&ref, shared, target.c_str()) == 0) {
      git_reference_delete(ref);
      git_reference_free(ref);
    }
    git_repository_free(shared);
    if (moved == GIT_EMODIFIED || moved == GIT_EEXISTS)
      return {false, "the remote's branch " + environment + " changed meanwhile"};
    if (moved < 0)
      throw RemoteUnreachable(
          scrub("cannot update " + environment + " in the release store remote " + display_url(url) + ": " + why, url));
  }
  set_tracking_ref(repo, environment, &tip);
  return {true, ""};
}

}  // namespace detail
}  // namespace stackctl::releases
