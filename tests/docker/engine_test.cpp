// engine::Engine against the real dockerd (scripts/docker-setup.sh starts it in
// CI and imports debian:bookworm-slim). Everything created is labelled
// stackctl.test=engine and removed by that label before and after the run.
// This file: the runner, ping/version, connection and HTTP errors.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <iostream>

#include "engine_proxy.hpp"
#include "engine_support.hpp"

using namespace stackctl::engine;
using namespace engine_test;

int main(int argc, char** argv) {
  try {
    engine().ping();
    cleanup();
  } catch (const std::exception& e) {
    std::cerr << "docker_engine_tests: the Docker daemon is needed: " << e.what() << "\n";
    return 1;
  }
  doctest::Context context(argc, argv);
  const int rc = context.run();
  try {
    cleanup();
  } catch (const std::exception& e) {
    std::cerr << "docker_engine_tests: cleanup failed: " << e.what() << "\n";
    return rc == 0 ? 1 : rc;
  }
  return rc;
}

TEST_CASE("ping and version") {
  CHECK_NOTHROW(engine().ping());
  const VersionInfo v = engine().version();
  CHECK_FALSE(v.version.empty());
  CHECK(v.api_version >= "1.41");
  CHECK(v.os == "linux");
  MESSAGE("dockerd ", v.version, " API ", v.api_version);
}

TEST_CASE("a missing container is a 404 with the daemon's message") {
  try {
    engine().inspect_container("stackctl-engine-missing");
    FAIL("no error");
  } catch (const EngineError& e) {
    CHECK(e.status() == 404);
    CHECK(e.method() == "GET");
    CHECK(e.path() == "/containers/stackctl-engine-missing/json");
    CHECK(e.daemon_message() == "No such container: stackctl-engine-missing");
    CHECK(std::string(e.what()) ==
          "GET /containers/stackctl-engine-missing/json: 404 Not Found: No such container: stackctl-engine-missing");
  }
  CHECK_FALSE(engine().image_exists("stackctl-engine-test/none:missing"));
  CHECK(engine().image_exists(kBaseImage));
  CHECK_THROWS_AS(engine().remove_container("stackctl-engine-missing"), EngineError);
}

TEST_CASE("a name taken twice is a 409 Conflict") {
  const ContainerSpec spec = base_spec("conflict", {"true"});
  const std::string id = engine().create_container(spec);
  try {
    engine().create_container(spec);
    FAIL("no error");
  } catch (const EngineError& e) {
    CHECK(e.status() == 409);
    CHECK(std::string(e.what()).starts_with("POST /containers/create: 409 Conflict: "));
    CHECK(e.daemon_message().find(spec.name) != std::string::npos);
    CHECK(e.daemon_message().find(id) != std::string::npos);
  }
  engine().remove_container(id);
}

TEST_CASE("an unreachable daemon is named in the error") {
  Engine missing(parse_docker_host("unix:///nonexistent.sock"));
  try {
    missing.ping();
    FAIL("no error");
  } catch (const ConnectionError& e) {
    const std::string what = e.what();
    CHECK(what.starts_with("cannot reach the Docker daemon at unix:///nonexistent.sock: "));
    CHECK(what.find("No such file or directory") != std::string::npos);
    CHECK_FALSE(e.timed_out());
  }
  Engine refused(parse_docker_host("tcp://127.0.0.1:1"));
  CHECK_THROWS_WITH_AS(refused.ping(), doctest::Contains("cannot reach the Docker daemon at tcp://127.0.0.1:1: "),
                       ConnectionError);
}

TEST_CASE("a daemon that does not answer times out") {
  TempDir dir;
  const std::string path = (dir.path / "silent.sock").string();
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  path.copy(addr.sun_path, sizeof addr.sun_path - 1);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(listen(fd, 4) == 0);  // connections complete, nobody answers
  EndpointConfig config = parse_docker_host("unix://" + path);
  config.request_timeout = std::chrono::milliseconds(300);
  try {
    Engine(config).ping();
    FAIL("no error");
  } catch (const ConnectionError& e) {
    CHECK(e.timed_out());
    CHECK(std::string(e.what()).find("timed out after 300 ms: GET /_ping") != std::string::npos);
  }
  close(fd);
}

TEST_CASE("DOCKER_HOST=tcp:// reaches the daemon (through a loopback proxy to the socket)") {
  const EndpointConfig local = engine().endpoint();
  if (local.kind != EndpointConfig::Kind::unix_socket) return;
  TcpToUnixProxy proxy(local.socket_path);
  setenv("DOCKER_HOST", ("tcp://127.0.0.1:" + std::to_string(proxy.port())).c_str(), 1);
  Engine tcp = Engine::from_environment();
  unsetenv("DOCKER_HOST");
  CHECK(tcp.endpoint().kind == EndpointConfig::Kind::tcp);
  CHECK_NOTHROW(tcp.ping());
  CHECK(tcp.version().version == engine().version().version);
  CHECK_THROWS_WITH_AS(tcp.inspect_container("stackctl-engine-missing"), doctest::Contains("404 Not Found"),
                       EngineError);
}
