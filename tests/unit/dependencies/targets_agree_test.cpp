// The Docker plan and the Kubernetes render of every dependency kind agree on
// secret delivery (the same files in /run/secrets, the same *_FILE variables,
// no value or placeholder in env, args or command) and on readiness (the same
// query). Each side is read from its own output, so either drifting fails.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "../render/documents.hpp"
#include "dependencies/catalog.hpp"
#include "render/kubernetes.hpp"
#include "targets/docker/dependency_container.hpp"

using nlohmann::json;
using namespace stackctl;

namespace {

model::Dependency dependency(model::DependencyKind kind, int port, bool cluster = false) {
  model::Dependency d;
  d.name = "dep";
  d.kind = kind;
  d.placement = model::Placement::cluster;
  d.port = port;
  d.version = "1";
  d.database = "app";
  d.user = "app";
  d.password_secret = "dep-password";
  d.cluster = cluster;
  d.shards = cluster ? 3 : 1;
  return d;
}

model::Environment environment(const model::Dependency& d) {
  model::Environment env;
  env.name = "staging";
  env.stack = "shop";
  env.namespace_name = "shop-staging";
  env.dependencies = {d};
  return env;
}

/// Nothing here may hold the secret's name as a value or a placeholder.
void check_clean(const std::string& text) {
  CHECK(text.find("${secret:") == std::string::npos);
  CHECK_FALSE(std::regex_search(text, std::regex(R"(\$\([A-Z_][A-Z0-9_]*\))")));  // no Kubernetes $(VAR) expansion
  CHECK(text.find("dep-password\"") == std::string::npos);
  CHECK(text.find("--requirepass") == std::string::npos);
}

}  // namespace

TEST_CASE("every dependency kind: Docker and Kubernetes deliver the same secret files and run the same query") {
  for (const auto& d :
       {dependency(model::DependencyKind::postgres, 5432), dependency(model::DependencyKind::mysql, 3306),
        dependency(model::DependencyKind::redis, 6379), dependency(model::DependencyKind::activemq, 61616)}) {
    CAPTURE(model::to_string(d.kind));
    const auto c = targets::docker::dependency_container(d, "vol");
    const auto docs = render::render_kubernetes(environment(d), {});
    const json& sts = test::get(docs, "kubernetes/dependencies/dep/statefulset.yaml");
    const json& pod = sts["spec"]["template"]["spec"];
    const json& k = pod["containers"][0];

    // Docker: the secret as a file from a placeholder; env only *_FILE paths.
    REQUIRE(c.secret_files.size() == 1);
    CHECK(c.secret_files[0].name == "dep-password");
    CHECK(c.secret_files[0].text == "${secret:dep-password}");
    std::set<std::string> docker_file_vars;
    for (const auto& [name, value] : c.spec.env) {
      check_clean(value);
      if (value.rfind("/run/secrets/", 0) == 0) docker_file_vars.insert(name + "=" + value);
    }
    for (const auto& a : c.spec.cmd) check_clean(a);
    for (const auto& a : c.spec.entrypoint.value_or(std::vector<std::string>{})) check_clean(a);

    // Kubernetes: the Secret's item under the same name at /run/secrets.
    bool volume = false;
    for (const auto& v : pod["volumes"])
      if (v.contains("secret")) {
        CHECK(v["secret"]["secretName"] == "stackctl-secrets");
        CHECK(v["secret"]["items"] == json::array({{{"key", "dep-password"}, {"path", c.secret_files[0].name}}}));
        volume = true;
      }
    CHECK(volume);
    bool mounted = false;
    for (const auto& m : k["volumeMounts"])
      if (m["name"] == "stackctl-secrets") mounted = m["mountPath"] == "/run/secrets" && m["readOnly"] == true;
    CHECK(mounted);
    std::set<std::string> k8s_file_vars;
    for (const auto& e : k.value("env", json::array())) {
      CHECK_FALSE(e.contains("valueFrom"));  // no secretKeyRef: the value would be in the environment
      const std::string value = e["value"].get<std::string>();
      check_clean(value);
      if (value.rfind("/run/secrets/", 0) == 0) k8s_file_vars.insert(e["name"].get<std::string>() + "=" + value);
    }
    for (const auto& a : k.value("args", json::array())) check_clean(a.get<std::string>());
    for (const auto& a : k.value("command", json::array())) check_clean(a.get<std::string>());
    CHECK(docker_file_vars == k8s_file_vars);
    if (d.kind == model::DependencyKind::postgres)
      CHECK(docker_file_vars == std::set<std::string>{"POSTGRES_PASSWORD_FILE=/run/secrets/dep-password"});
    if (d.kind == model::DependencyKind::mysql) {
      CHECK(docker_file_vars == std::set<std::string>{"MYSQL_PASSWORD_FILE=/run/secrets/dep-password"});
      CHECK(c.spec.env.at("MYSQL_RANDOM_ROOT_PASSWORD") == "yes");
    }

    // The same readiness query on both, reading the password from the file.
    REQUIRE(c.spec.health_check);
    std::vector<std::string> docker_probe(c.spec.health_check->test.begin() + 1, c.spec.health_check->test.end());
    CHECK(c.spec.health_check->test.front() == "CMD");
    CHECK(json(docker_probe) == k["readinessProbe"]["exec"]["command"]);
    CHECK(json(docker_probe) == k["livenessProbe"]["exec"]["command"]);
    CHECK(docker_probe.back().find("/run/secrets/dep-password") != std::string::npos);
    CHECK_FALSE(k["readinessProbe"].contains("tcpSocket"));
    // The same server: image, arguments, entrypoint.
    CHECK(c.spec.image == k["image"]);
    CHECK(json(c.spec.cmd) == k.value("args", json::array()));
    CHECK(json(c.spec.entrypoint.value_or(std::vector<std::string>{})) == k.value("command", json::array()));
  }
}

TEST_CASE("each kind's readiness is a real query as a client, not a port check") {
  auto query = [](const model::Dependency& d) { return dependencies::describe(d).readiness.back(); };
  CHECK(query(dependency(model::DependencyKind::postgres, 5432)).find("psql") != std::string::npos);
  CHECK(query(dependency(model::DependencyKind::postgres, 5432)).find("SELECT 1") != std::string::npos);
  CHECK(query(dependency(model::DependencyKind::mysql, 3306)).find("mysql") != std::string::npos);
  CHECK(query(dependency(model::DependencyKind::mysql, 3306)).find("-u 'app' -e 'SELECT 1'") != std::string::npos);
  CHECK(query(dependency(model::DependencyKind::redis, 6379)).find("REDISCLI_AUTH=") != std::string::npos);
  CHECK(query(dependency(model::DependencyKind::redis, 6379)).find("ping | grep -q PONG") != std::string::npos);
  CHECK(query(dependency(model::DependencyKind::redis, 6379, true)).find("cluster_state:ok") != std::string::npos);
  CHECK(query(dependency(model::DependencyKind::activemq, 61616)).find("/dev/tcp/127.0.0.1/61613") !=
        std::string::npos);
  CHECK(query(dependency(model::DependencyKind::activemq, 61616)).find("CONNECTED") != std::string::npos);
  for (auto kind : {model::DependencyKind::postgres, model::DependencyKind::mysql, model::DependencyKind::redis,
                    model::DependencyKind::activemq})
    CHECK_FALSE(dependencies::describe(dependency(kind, 1)).backup.command.empty());
}

TEST_CASE("a redis cluster: masterauth and requirepass from the file, on stdin; liveness an authenticated PING") {
  const auto d = dependency(model::DependencyKind::redis, 6379, true);
  const auto s = dependencies::describe(d);
  CHECK(s.replicas == 6);
  const std::string script = s.args.at(2);
  CHECK(script.find("printf 'requirepass %s\\n' \"$p\"") != std::string::npos);
  CHECK(script.find("printf 'masterauth %s\\n' \"$p\"") != std::string::npos);
  CHECK(script.find("| exec redis-server -") != std::string::npos);
  CHECK(s.liveness.back().find("ping | grep -q PONG") != std::string::npos);
  const auto docs = render::render_kubernetes(environment(d), {});
  const json& k =
      test::get(docs, "kubernetes/dependencies/dep/statefulset.yaml")["spec"]["template"]["spec"]["containers"][0];
  CHECK(k["readinessProbe"]["exec"]["command"] == json(s.readiness));
  CHECK(k["livenessProbe"]["exec"]["command"] == json(s.liveness));
}
