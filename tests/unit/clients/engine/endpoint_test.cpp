// DOCKER_HOST and the docker CLI's TLS variables.
#include <doctest/doctest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "clients/engine/endpoint.hpp"

using stackctl::engine::endpoint_from_environment;
using stackctl::engine::EndpointConfig;
using stackctl::engine::parse_docker_host;

namespace {

EndpointConfig from(const std::map<std::string, std::string>& env) {
  return endpoint_from_environment([&](const char* name) -> std::optional<std::string> {
    const auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  });
}

}  // namespace

TEST_CASE("unix sockets") {
  const auto e = parse_docker_host("unix:///run/user/1000/docker.sock");
  CHECK(e.kind == EndpointConfig::Kind::unix_socket);
  CHECK(e.socket_path == "/run/user/1000/docker.sock");
  CHECK(e.url() == "unix:///run/user/1000/docker.sock");
  CHECK_THROWS_AS(parse_docker_host("unix://"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("unix://relative.sock"), std::invalid_argument);
}

TEST_CASE("tcp hosts") {
  auto e = parse_docker_host("tcp://10.0.0.5:2376");
  CHECK(e.kind == EndpointConfig::Kind::tcp);
  CHECK(e.host == "10.0.0.5");
  CHECK(e.port == 2376);
  CHECK(e.url() == "tcp://10.0.0.5:2376");
  CHECK(parse_docker_host("tcp://docker.local").port == 2375);
  CHECK(parse_docker_host("tcp://docker.local:1234/").port == 1234);
  e = parse_docker_host("tcp://[::1]:2375");
  CHECK(e.host == "::1");
  CHECK(e.url() == "tcp://[::1]:2375");
  CHECK_THROWS_AS(parse_docker_host("tcp://:2375"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("tcp://h:port"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("tcp://h:70000"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("tcp://h:2375/path"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("npipe:////./pipe/docker_engine"), std::invalid_argument);
}

TEST_CASE("ssh hosts: user, host and port become ssh arguments, nothing else") {
  auto e = parse_docker_host("ssh://me@dev-box:2222");
  CHECK(e.kind == EndpointConfig::Kind::ssh);
  CHECK(e.ssh_user == "me");
  CHECK(e.host == "dev-box");
  CHECK(e.port == 2222);
  CHECK(e.url() == "ssh://me@dev-box:2222");
  e = parse_docker_host("ssh://dev-box/");
  CHECK(e.ssh_user.empty());
  CHECK(e.port == 0);  // ssh's choice: ~/.ssh/config, else 22
  CHECK(e.url() == "ssh://dev-box");
  CHECK(parse_docker_host("ssh://me@[::1]:22").host == "::1");
  CHECK_THROWS_AS(parse_docker_host("ssh://me@"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("ssh://me@h/var/run"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("ssh://-oProxyCommand=x"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("ssh://-l@h"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("ssh://me@h x"), std::invalid_argument);
  CHECK_THROWS_AS(parse_docker_host("ssh://me@h:0"), std::invalid_argument);
}

TEST_CASE("the environment: default socket, TLS like the docker CLI") {
  auto e = from({});
  CHECK(e.kind == EndpointConfig::Kind::unix_socket);
  CHECK(e.socket_path == "/var/run/docker.sock");
  CHECK_FALSE(e.tls);

  e = from({{"DOCKER_HOST", "tcp://h:2376"}, {"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", "/certs"}});
  CHECK(e.tls);
  CHECK(e.tls_verify);
  CHECK(e.ca_file == "/certs/ca.pem");
  CHECK(e.cert_file == "/certs/cert.pem");
  CHECK(e.key_file == "/certs/key.pem");

  e = from({{"DOCKER_HOST", "tcp://h:2376"}, {"DOCKER_TLS", "1"}, {"HOME", "/home/me"}});
  CHECK(e.tls);
  CHECK_FALSE(e.tls_verify);
  CHECK(e.ca_file == "/home/me/.docker/ca.pem");

  e = from({{"DOCKER_HOST", "tcp://h:2375"}, {"DOCKER_TLS_VERIFY", ""}});
  CHECK_FALSE(e.tls);
  e = from({{"DOCKER_HOST", "unix:///s.sock"}, {"DOCKER_TLS_VERIFY", "1"}});
  CHECK_FALSE(e.tls);  // TLS only applies to tcp
}
