// A docker target's host and tls_dir -> the Docker endpoint (local engine via
// DOCKER_*, remote tcp:// with TLS, and the errors naming the key to fix).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>

#include "targets/docker/endpoint_target.hpp"

using stackctl::engine::EndpointConfig;
using stackctl::model::Target;
using stackctl::model::TargetKind;
using stackctl::targets::docker::endpoint_for_target;
namespace fs = std::filesystem;

namespace {

using Env = std::map<std::string, std::string>;

EndpointConfig resolve(const Target& target, const Env& env = {}) {
  return endpoint_for_target(target, [&](const char* name) -> std::optional<std::string> {
    const auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  });
}

Target docker_target(std::string host, std::string tls_dir = "") {
  Target t;
  t.kind = TargetKind::docker;
  t.host = std::move(host);
  t.tls_dir = std::move(tls_dir);
  return t;
}

// A fake home with .docker/dev holding `files` (empty PEM stand-ins: only
// their presence is checked here; the TLS itself is tested against a daemon).
struct FakeHome {
  fs::path path;
  explicit FakeHome(std::initializer_list<const char*> files) {
    std::random_device rd;
    path = fs::temp_directory_path() / ("stackctl-tls-" + std::to_string(rd()));
    fs::create_directories(path / ".docker/dev");
    for (const char* f : files) std::ofstream(path / ".docker/dev" / f) << "pem\n";
  }
  ~FakeHome() { fs::remove_all(path); }
  std::string tls() const { return (path / ".docker/dev").string(); }
};

std::string message_of(const Target& target, const Env& env = {}) {
  try {
    resolve(target, env);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("an empty host is the local engine, from DOCKER_HOST and friends") {
  auto e = resolve(docker_target(""));
  CHECK(e.kind == EndpointConfig::Kind::unix_socket);
  CHECK(e.socket_path == "/var/run/docker.sock");

  e = resolve(docker_target(""),
              {{"DOCKER_HOST", "tcp://h:2376"}, {"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", "/c"}});
  CHECK(e.kind == EndpointConfig::Kind::tcp);
  CHECK(e.tls_verify);
  CHECK(e.ca_file == "/c/ca.pem");
}

TEST_CASE("tcp:// with tls_dir: TLS verifying the daemon, the folder's three files") {
  const FakeHome home({"ca.pem", "cert.pem", "key.pem"});
  auto e = resolve(docker_target("tcp://dev-box:2376", home.tls()));
  CHECK(e.kind == EndpointConfig::Kind::tcp);
  CHECK(e.host == "dev-box");
  CHECK(e.port == 2376);
  CHECK(e.tls);
  CHECK(e.tls_verify);
  CHECK(e.ca_file == home.tls() + "/ca.pem");
  CHECK(e.cert_file == home.tls() + "/cert.pem");
  CHECK(e.key_file == home.tls() + "/key.pem");

  // DOCKER_* never reach an explicit host.
  e = resolve(docker_target("tcp://10.1.2.3:12376", home.tls()),
              {{"DOCKER_HOST", "unix:///x.sock"}, {"DOCKER_CERT_PATH", "/c"}});
  CHECK(e.host == "10.1.2.3");
  CHECK(e.port == 12376);
  CHECK(e.ca_file == home.tls() + "/ca.pem");

  CHECK(resolve(docker_target("tcp://dev-box", home.tls())).port == 2376);  // the TLS port by default
  CHECK(resolve(docker_target("tcp://[::1]", home.tls())).port == 2376);
  CHECK(resolve(docker_target("tcp://[::1]:2375", home.tls())).port == 2375);
}

TEST_CASE("a leading ~/ in tls_dir is HOME") {
  const FakeHome home({"ca.pem", "cert.pem", "key.pem"});
  auto e = resolve(docker_target("tcp://dev-box:2376", "~/.docker/dev"), {{"HOME", home.path.string()}});
  CHECK(e.ca_file == home.tls() + "/ca.pem");
  e = resolve(docker_target("tcp://dev-box:2376", "~/.docker/dev"), {{"HOME", home.path.string() + "/"}});
  CHECK(e.key_file == home.tls() + "/key.pem");

  CHECK(message_of(docker_target("tcp://dev-box:2376", "~/.docker/dev")) ==
        "target.tls_dir: ~/.docker/dev needs HOME, which is not set");
  CHECK(message_of(docker_target("tcp://dev-box:2376", "~me/.docker/dev")) ==
        "target.tls_dir: only a leading ~/ is expanded, not ~USER/: ~me/.docker/dev");
}

TEST_CASE("missing TLS files are named, with the key") {
  const FakeHome home({"ca.pem"});
  const std::string msg =
      message_of(docker_target("tcp://dev-box:2376", "~/.docker/dev"), {{"HOME", home.path.string()}});
  CHECK(msg == "target.tls_dir: missing " + home.tls() + "/cert.pem, " + home.tls() +
                   "/key.pem (TLS to tcp://dev-box:2376 needs ca.pem, cert.pem and key.pem in ~/.docker/dev)");
  CHECK(
      message_of(docker_target("tcp://dev-box:2376", "/nonexistent/tls"))
          .starts_with(
              "target.tls_dir: missing /nonexistent/tls/ca.pem, /nonexistent/tls/cert.pem, /nonexistent/tls/key.pem"));

  const FakeHome dir_not_file({"ca.pem", "cert.pem"});
  fs::create_directories(dir_not_file.tls() + "/key.pem");
  CHECK(message_of(docker_target("tcp://h:1", dir_not_file.tls()))
            .starts_with("target.tls_dir: missing " + dir_not_file.tls() + "/key.pem ("));
}

TEST_CASE("tcp:// without tls_dir is plain tcp; unix:// is a socket") {
  auto e = resolve(docker_target("tcp://127.0.0.1:2375"), {{"DOCKER_TLS_VERIFY", "1"}});
  CHECK(e.kind == EndpointConfig::Kind::tcp);
  CHECK(e.port == 2375);
  CHECK_FALSE(e.tls);
  e = resolve(docker_target("unix:///run/user/1000/docker.sock"));
  CHECK(e.kind == EndpointConfig::Kind::unix_socket);
  CHECK(e.socket_path == "/run/user/1000/docker.sock");
}

TEST_CASE("errors name the target key") {
  CHECK(resolve(docker_target("ssh://me@dev-box:2222")).url() == "ssh://me@dev-box:2222");
  CHECK(message_of(docker_target("ssh://me@dev-box", "~/.docker/dev")) ==
        "target.tls_dir applies only to a tcp:// target.host, not ssh://me@dev-box");
  CHECK(message_of(docker_target("ssh://-oProxyCommand=x")) == "invalid host in target.host: ssh://-oProxyCommand=x");
  CHECK(message_of(docker_target("tcp://dev-box:port")) == "invalid port in target.host: tcp://dev-box:port");
  CHECK(message_of(docker_target("http://dev-box:2376")).starts_with("unsupported target.host"));
  CHECK(message_of(docker_target("", "/tls")) ==
        "target.tls_dir applies only to a tcp:// target.host (the host is empty: the local engine)");
  CHECK(message_of(docker_target("unix:///s.sock", "/tls")) ==
        "target.tls_dir applies only to a tcp:// target.host, not unix:///s.sock");
  Target gcp;
  gcp.kind = TargetKind::gcp;
  CHECK(message_of(gcp) == "target.kind: a gcp target has no Docker endpoint");
}
