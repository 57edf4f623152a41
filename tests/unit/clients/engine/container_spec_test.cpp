// ContainerSpec -> POST /containers/create body, and the loopback-only rule.
#include <doctest/doctest.h>

#include <stdexcept>

#include "clients/engine/container_spec.hpp"
#include "clients/engine/engine.hpp"

using namespace stackctl::engine;

TEST_CASE("the create body carries every field asked for") {
  ContainerSpec spec;
  spec.image = "debian:bookworm-slim";
  spec.env = {{"B", "2"}, {"A", "1"}};
  spec.cmd = {"sleep", "1"};
  spec.labels = {{"stackctl.test", "unit"}};
  spec.network = "net1";
  spec.network_aliases = {"db"};
  spec.ports = {{5432, "tcp", "127.0.0.1", 0}, {8080, "tcp", "127.0.0.1", 18080}};
  spec.mounts = {{MountSpec::Type::volume, "data", "/data", false}};
  spec.tmpfs = {{"/tmp", "size=16m"}};
  spec.health_check = HealthCheck{{"CMD-SHELL", "true"}, std::chrono::milliseconds(500), std::chrono::seconds(2)};
  spec.restart = RestartPolicy::unless_stopped;
  spec.user = "1000:1000";
  const auto b = container_create_body(spec);
  CHECK(b["Env"] == nlohmann::json({"A=1", "B=2"}));
  CHECK(b["Cmd"] == nlohmann::json({"sleep", "1"}));
  CHECK(b["User"] == "1000:1000");
  CHECK(b["ExposedPorts"].contains("5432/tcp"));
  CHECK(b["HostConfig"]["PortBindings"]["5432/tcp"][0] == nlohmann::json({{"HostIp", "127.0.0.1"}, {"HostPort", ""}}));
  CHECK(b["HostConfig"]["PortBindings"]["8080/tcp"][0]["HostPort"] == "18080");
  CHECK(b["HostConfig"]["RestartPolicy"]["Name"] == "unless-stopped");
  CHECK(b["HostConfig"]["NetworkMode"] == "net1");
  CHECK(b["HostConfig"]["Mounts"][0]["Type"] == "volume");
  CHECK(b["HostConfig"]["Tmpfs"]["/tmp"] == "size=16m");
  CHECK(b["Healthcheck"]["Interval"] == 500000000LL);
  CHECK(b["Healthcheck"]["Timeout"] == 2000000000LL);
  CHECK(b["NetworkingConfig"]["EndpointsConfig"]["net1"]["Aliases"] == nlohmann::json({"db"}));
}

TEST_CASE("ports are only published on 127.0.0.1") {
  ContainerSpec spec;
  spec.image = "x";
  for (const char* ip : {"0.0.0.0", "", "192.168.1.10", "::"}) {
    CAPTURE(ip);
    spec.ports = {{80, "tcp", ip, 0}};
    CHECK_THROWS_WITH_AS(container_create_body(spec), doctest::Contains("only 127.0.0.1"), std::invalid_argument);
  }
  spec.ports = {{0, "tcp", "127.0.0.1", 0}};
  CHECK_THROWS_AS(container_create_body(spec), std::invalid_argument);
}

TEST_CASE("query strings and label filters") {
  CHECK(query_string({{"t", "a/b:1"}, {"t", "x y"}}) == "?t=a%2Fb%3A1&t=x%20y");
  CHECK(query_string({}).empty());
  CHECK(label_filters({{"a", "1"}, {"b", ""}}) == R"({"label":["a=1","b"]})");
}
