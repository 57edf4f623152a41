// The release store's team remote: two local stores (two teammates) sharing
// one bare repository, reached by plain path and by file:// URL; re-numbering
// when both record at once; unreachable remotes; diverged branches; the
// https token never showing in a message.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "scoped_env.hpp"
#include "temp_dir.hpp"
#include "releases/release_store.hpp"

using stackctl::releases::DivergedBranch;
using stackctl::releases::Release;
using stackctl::releases::release_remote_from_environment;
using stackctl::releases::ReleaseNotPushed;
using stackctl::releases::ReleaseStore;
using stackctl::releases::RemoteUnreachable;

namespace {

using stackctl::testing::ScopedEnv;
using stackctl::testing::TempDir;

std::string run(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  char buffer[256];
  while (pipe && fgets(buffer, sizeof buffer, pipe.get())) out += buffer;
  return out;
}

Release release(const std::string& user, const std::string& note) {
  Release r;
  r.environment = "local";
  r.user = user;
  r.note = note;
  r.images = {{"rates-api", "rates-api@sha256:" + user}};
  r.files = {{"docker/plan.json", "{\"by\": \"" + user + "\"}\n"}};
  return r;
}

// One shared "remote" and two teammates' local stores.
struct Team {
  TempDir dir;
  std::filesystem::path remote = dir.path / "team-releases.git";
  std::filesystem::path alice_dir = dir.path / "alice" / "releases.git";
  std::filesystem::path bob_dir = dir.path / "bob" / "releases.git";
  Team() { run("git init -q --bare '" + remote.string() + "' 2>&1"); }
  std::string remote_log() const { return run("git --git-dir='" + remote.string() + "' log --format=%s local 2>&1"); }
};

std::vector<int> numbers(const std::vector<Release>& history) {
  std::vector<int> out;
  for (const auto& r : history) out.push_back(r.number);
  return out;
}

// A TCP port on 127.0.0.1 that nothing listens on.
int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// An HTTP server on 127.0.0.1 that answers every request with 401 (Basic)
// and keeps the requests' headers.
struct RefusingHttpServer {
  int fd = -1;
  int port = 0;
  std::mutex mutex;
  std::vector<std::string> requests_;
  std::thread thread;
  RefusingHttpServer() {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    listen(fd, 8);
    thread = std::thread([this] {
      for (int served = 0; served < 6; ++served) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 3000) <= 0) return;
        int client = accept(fd, nullptr, nullptr);
        if (client < 0) return;
        std::string request;
        char buffer[1024];
        while (request.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = read(client, buffer, sizeof buffer);
          if (n <= 0) break;
          request.append(buffer, static_cast<size_t>(n));
        }
        {
          std::lock_guard lock(mutex);
          requests_.push_back(request);
        }
        const std::string reply =
            "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"releases\"\r\n"
            "Content-Length: 0\r\nConnection: close\r\n\r\n";
        (void)!write(client, reply.data(), reply.size());
        close(client);
      }
    });
  }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex);
    return requests_;
  }
  ~RefusingHttpServer() {
    shutdown(fd, SHUT_RDWR);
    close(fd);
    thread.join();
  }
};

std::string base64(const std::string& in) {
  static const char* chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = -6;
  for (unsigned char c : in) {
    value = (value << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(chars[(value >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(chars[((value << 8) >> (bits + 8)) & 0x3F]);
  while (out.size() % 4) out.push_back('=');
  return out;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("teammates share releases through the remote (plain path and file:// URL)") {
  Team team;
  std::string url;
  SUBCASE("plain path") { url = team.remote.string(); }
  SUBCASE("file:// URL") { url = "file://" + team.remote.string(); }

  auto alice = ReleaseStore::open(team.alice_dir, url);
  auto bob = ReleaseStore::open(team.bob_dir, url);
  CHECK(run("git --git-dir='" + team.alice_dir.string() + "' config remote.origin.url") == url + "\n");
  CHECK(bob.history("local").empty());  // no branch on the remote yet: fine

  CHECK(alice.record(release("alice", "")) == 1);
  CHECK(team.remote_log() == "release 1 of local\n");
  auto seen = bob.history("local");
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].user == "alice");
  auto full = bob.get("local", 1);
  REQUIRE(full);
  CHECK(full->files.at("docker/plan.json") == "{\"by\": \"alice\"}\n");

  // Bob records on top of what he pulled; Alice sees it.
  CHECK(bob.record(release("bob", "")) == 2);
  CHECK(numbers(alice.history("local")) == std::vector<int>{2, 1});
  // The local cache keeps origin/<env> for plain git.
  CHECK(run("git --git-dir='" + team.alice_dir.string() + "' log --format=%s origin/local") ==
        "release 2 of local\nrelease 1 of local\n");
}

TEST_CASE("a push refused because a teammate recorded meanwhile is re-numbered") {
  Team team;
  auto alice = ReleaseStore::open(team.alice_dir, team.remote.string());
  auto bob = ReleaseStore::open(team.bob_dir, team.remote.string());
  CHECK(alice.record(release("alice", "first")) == 1);

  // Bob has pulled release 1; while he deploys, Alice records release 2.
  int pushes = 0;
  bob.set_before_push_hook([&] {
    if (pushes++ == 0) CHECK(alice.record(release("alice", "second")) == 2);
  });
  CHECK(bob.record(release("bob", "third")) == 3);
  CHECK(pushes == 2);

  CHECK(team.remote_log() == "release 3 of local: third\nrelease 2 of local: second\nrelease 1 of local: first\n");
  for (auto* store : {&alice, &bob}) {
    auto history = store->history("local");
    CHECK(numbers(history) == std::vector<int>{3, 2, 1});
    CHECK(history[0].user == "bob");
    CHECK(history[1].user == "alice");
  }
  auto third = alice.get("local", 3);
  REQUIRE(third);
  CHECK(third->number == 3);  // release.json was rewritten
  CHECK(third->note == "third");
  CHECK(third->images.at("rates-api") == "rates-api@sha256:bob");
  CHECK(third->files.at("docker/plan.json") == "{\"by\": \"bob\"}\n");
  CHECK(run("git --git-dir='" + team.remote.string() + "' show local:release.json").find("\"number\": 3") !=
        std::string::npos);
}

TEST_CASE("three teammates recording at once: numbers stay 1..N, no release of a successful record is lost") {
  Team team;
  std::atomic<int> recorded{0};
  auto teammate = [&](const std::string& name) {
    const auto git_dir = team.dir.path / name / "releases.git";
    for (int i = 0; i < 4; ++i) {
      auto store = ReleaseStore::open(git_dir, team.remote.string());
      store.set_warning_handler([](const std::string&) {});
      try {
        store.record(release(name, std::to_string(i)));
        ++recorded;
      } catch (const ReleaseNotPushed&) {
        // Refused 3 times under this contention: take the remote's (as the message says).
        run("git --git-dir='" + git_dir.string() + "' update-ref refs/heads/local refs/remotes/origin/local");
      }
    }
  };
  std::thread a(teammate, "a"), b(teammate, "b"), c(teammate, "c");
  a.join();
  b.join();
  c.join();
  auto observer = ReleaseStore::open(team.dir.path / "observer.git", team.remote.string());
  auto history = observer.history("local");
  CHECK(static_cast<int>(history.size()) == recorded.load());
  std::vector<int> expected;
  for (int n = static_cast<int>(history.size()); n >= 1; --n) expected.push_back(n);
  CHECK(numbers(history) == expected);
  CHECK(run("git --git-dir='" + team.remote.string() + "' for-each-ref --format='%(refname)'") == "refs/heads/local\n");
}

TEST_CASE("a remote that keeps moving: after 3 refused pushes the release stays local, with a clear error") {
  Team team;
  auto alice = ReleaseStore::open(team.alice_dir, team.remote.string());
  auto bob = ReleaseStore::open(team.bob_dir, team.remote.string());
  alice.record(release("alice", ""));
  bob.set_before_push_hook([&] { alice.record(release("alice", "")); });
  try {
    bob.record(release("bob", "mine"));
    FAIL("record should have thrown");
  } catch (const ReleaseNotPushed& e) {
    CHECK(e.number == 4);
    std::string what = e.what();
    CHECK(what.find("release 4 of local is recorded in the local store") != std::string::npos);
    CHECK(what.find("refused 3 pushes") != std::string::npos);
    CHECK(what.find(team.remote.string()) != std::string::npos);
  }
  CHECK(team.remote_log().size() > 0);
  CHECK(numbers(alice.history("local")) == std::vector<int>{4, 3, 2, 1});
  // Bob's release is not lost: his branch has it, and reading says why it diverged.
  bob.set_before_push_hook(nullptr);
  CHECK_THROWS_AS(bob.pull("local"), DivergedBranch);
  CHECK(run("git --git-dir='" + team.bob_dir.string() + "' log -1 --format=%s local") == "release 4 of local: mine\n");
}

TEST_CASE("a release recorded while the remote was unreachable: pushed later, or a diverged branch") {
  Team team;
  const std::string missing = (team.dir.path / "nowhere.git").string();
  {
    auto bob = ReleaseStore::open(team.bob_dir, missing);
    std::vector<std::string> warnings;
    bob.set_warning_handler([&](const std::string& w) { warnings.push_back(w); });
    CHECK(bob.history("local").empty());  // read: a warning, the local cache
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find(missing) != std::string::npos);
    CHECK_THROWS_WITH_AS(bob.check_remote(), doctest::Contains(missing.c_str()), RemoteUnreachable);
    // record: an error naming the URL, and the release kept locally.
    try {
      bob.record(release("bob", ""));
      FAIL("record should have thrown");
    } catch (const ReleaseNotPushed& e) {
      CHECK(e.number == 1);
      std::string what = e.what();
      CHECK(what.find(missing) != std::string::npos);
      CHECK(what.find("only") != std::string::npos);
      CHECK(what.find("push origin local") != std::string::npos);
    }
    CHECK(numbers(bob.history("local")) == std::vector<int>{1});
  }

  SUBCASE("nobody recorded meanwhile: the next release pushes both") {
    auto bob = ReleaseStore::open(team.bob_dir, team.remote.string());  // the URL is updated
    CHECK(run("git --git-dir='" + team.bob_dir.string() + "' config remote.origin.url") == team.remote.string() + "\n");
    std::vector<std::string> warnings;
    bob.set_warning_handler([&](const std::string& w) { warnings.push_back(w); });
    CHECK(numbers(bob.history("local")) == std::vector<int>{1});
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("release 1 of local is recorded in") != std::string::npos);
    CHECK(bob.record(release("bob", "")) == 2);
    CHECK(team.remote_log() == "release 2 of local\nrelease 1 of local\n");
  }

  SUBCASE("a teammate recorded meanwhile: a diverged branch is an error that explains") {
    auto alice = ReleaseStore::open(team.alice_dir, team.remote.string());
    alice.record(release("alice", ""));
    auto bob = ReleaseStore::open(team.bob_dir, team.remote.string());
    std::string what = message_of([&] { bob.history("local"); });
    CHECK(what.find("diverged") != std::string::npos);
    CHECK(what.find("release 1 was recorded here but never pushed") != std::string::npos);
    CHECK(what.find("release 1 (by alice at ") != std::string::npos);
    CHECK(what.find("update-ref refs/heads/local refs/remotes/origin/local") != std::string::npos);
    CHECK_THROWS_AS(bob.pull("local"), DivergedBranch);
    // record after a deploy still keeps the release locally, and says why.
    try {
      bob.record(release("bob", "again"));
      FAIL("record should have thrown");
    } catch (const ReleaseNotPushed& e) {
      CHECK(e.number == 2);
      CHECK(std::string(e.what()).find("diverged") != std::string::npos);
    }
    // Nothing discarded: the suggested plain-git resolution works.
    const std::string git = "git --git-dir='" + team.bob_dir.string() + "' ";
    run(git + "update-ref refs/unpushed/local refs/heads/local");
    run(git + "update-ref refs/heads/local refs/remotes/origin/local");
    CHECK(bob.record(release("bob", "redeployed")) == 2);
    CHECK(run(git + "log --format=%s refs/unpushed/local") == "release 2 of local: again\nrelease 1 of local\n");
    CHECK(team.remote_log() == "release 2 of local: redeployed\nrelease 1 of local\n");
  }
}

TEST_CASE("an https remote: the token never shows, not even in a URL's password") {
  TempDir dir;
  const std::string token = "tok-9f8e7d6c5b4a-secret";
  ScopedEnv set_token("STACKCTL_RELEASE_STORE_TOKEN", token);
  const std::string port = std::to_string(closed_port());
  std::string url, password;
  SUBCASE("token from the environment") { url = "https://127.0.0.1:" + port + "/team/releases.git"; }
  SUBCASE("a password written in the URL") {
    password = "pw-1a2b3c4d5e";
    url = "https://bob:" + password + "@127.0.0.1:" + port + "/team/releases.git";
  }
  auto store = ReleaseStore::open(dir.path / "releases.git", url);
  std::vector<std::string> messages;
  store.set_warning_handler([&](const std::string& w) { messages.push_back(w); });
  store.history("local");
  messages.push_back(message_of([&] { store.check_remote(); }));
  messages.push_back(message_of([&] { store.pull("local"); }));
  messages.push_back(message_of([&] { store.record(release("bob", "")); }));
  REQUIRE(messages.size() == 4);
  for (const auto& m : messages) {
    CAPTURE(m);
    CHECK(m.find("127.0.0.1:" + port) != std::string::npos);
    CHECK(m.find(token) == std::string::npos);
    if (!password.empty()) {
      CHECK(m.find(password) == std::string::npos);
      CHECK(m.find("https://bob:***@127.0.0.1") != std::string::npos);
    }
  }
}

TEST_CASE("an http(s) remote asking for credentials gets the token once, as x-access-token") {
  TempDir dir;
  const std::string token = "tok-0a1b2c3d4e5f";
  RefusingHttpServer server;
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port) + "/team/releases.git";
  auto store = ReleaseStore::open(dir.path / "releases.git", url);
  std::string what;
  SUBCASE("with STACKCTL_RELEASE_STORE_TOKEN") {
    ScopedEnv set_token("STACKCTL_RELEASE_STORE_TOKEN", token);
    what = message_of([&] { store.check_remote(); });
    CHECK(what.find("refused the token in STACKCTL_RELEASE_STORE_TOKEN") != std::string::npos);
    CHECK(what.find(token) == std::string::npos);
    std::vector<std::string> authorizations;
    for (const auto& r : server.requests())
      if (auto at = r.find("Authorization: Basic "); at != std::string::npos)
        authorizations.push_back(r.substr(at + 21, r.find("\r\n", at) - at - 21));
    CHECK(authorizations == std::vector<std::string>{base64("x-access-token:" + token)});  // offered once
  }
  SUBCASE("without a token") {
    ScopedEnv unset_token("STACKCTL_RELEASE_STORE_TOKEN", std::nullopt);
    what = message_of([&] { store.check_remote(); });
    CHECK(what.find("set STACKCTL_RELEASE_STORE_TOKEN") != std::string::npos);
  }
  CHECK(what.find(url) != std::string::npos);
}

TEST_CASE("STACKCTL_RELEASE_REMOTE names the remote") {
  {
    ScopedEnv unset("STACKCTL_RELEASE_REMOTE", std::nullopt);
    CHECK_FALSE(release_remote_from_environment());
  }
  {
    ScopedEnv empty("STACKCTL_RELEASE_REMOTE", "  ");
    CHECK_FALSE(release_remote_from_environment());
  }
  ScopedEnv set("STACKCTL_RELEASE_REMOTE", " git@example.com:team/releases.git\n");
  CHECK(release_remote_from_environment() == std::optional<std::string>("git@example.com:team/releases.git"));
}
