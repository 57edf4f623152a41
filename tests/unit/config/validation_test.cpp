// Every bad-input rule of `stackctl validate`, each with its exact
// file:line:column, key path and message.
#include <doctest/doctest.h>

#include "temp_project.hpp"

using stackctl::testing::messages;
using stackctl::testing::minimal_project;
using stackctl::testing::TempProject;

namespace {
TempProject with_service(const std::string& service_yaml,
                         const std::string& env_yaml = "stack: shop\ntarget:\n  kind: docker\n") {
  return stackctl::testing::project_with(
      {{"environments/local.yaml", env_yaml}, {"services/web/service.yaml", service_yaml}});
}
}  // namespace

TEST_CASE("unknown keys are reported with a did-you-mean") {
  auto p = with_service("image: nginx\nreplcias: 2\n");
  CHECK_ONLY_ERROR(
      p.load("local"),
      "services/web/service.yaml:2:1: services.web.replcias: unknown key \"replcias\" (did you mean \"replicas\"?)");
  auto q = with_service("image: nginx\n", "stack: shop\ntarget:\n  kind: docker\nnamepsace: x\n");
  CHECK_ONLY_ERROR(q.load("local"),
                   "environments/local.yaml:4:1: namepsace: unknown key \"namepsace\" (did you mean \"namespace\"?)");
}

TEST_CASE("wrong types are reported") {
  auto p = with_service("image: nginx\nreplicas: three\n");
  CHECK_ONLY_ERROR(p.load("local"),
                   "services/web/service.yaml:2:11: services.web.replicas: expected an integer, got \"three\"");
  auto q = with_service("image: nginx\nports: {name: http}\n");
  CHECK_ONLY_ERROR(q.load("local"),
                   "services/web/service.yaml:2:8: services.web.ports: expected a list of ports, got a map");
  auto r = with_service("image: [nginx]\n");
  CHECK_ONLY_ERROR(r.load("local"), "services/web/service.yaml:1:8: services.web.image: expected a string, got a list");
}

TEST_CASE("missing required fields are reported") {
  auto p = with_service("image: nginx\n",
                        "stack: shop\ntarget:\n  kind: docker\ndependencies:\n  db:\n    version: \"15\"\n");
  CHECK_ONLY_ERROR(p.load("local"), "environments/local.yaml:6:5: dependencies.db: missing required key \"kind\"");
  auto q = with_service("ports: []\n");
  CHECK_ONLY_ERROR(q.load("local"),
                   "services/web/service.yaml:1:1: services.web: a service needs \"build\" or \"image\"");
  auto r = with_service("image: nginx\n", "stack: shop\n");
  CHECK_ONLY_ERROR(r.load("local"),
                   "environments/local.yaml:1:1: target: missing required key \"target\" (e.g. target: {kind: docker}) "
                   "in this file or one it extends");
}

TEST_CASE("names must be DNS-1123 labels") {
  TempProject p(minimal_project());
  p.write("environments/local.yaml",
          "stack: shop\ntarget:\n  kind: docker\nnamespace: Shop_NS\ndependencies:\n  Rates_DB: {kind: postgres}\n");
  auto all = messages(p.load("local"));
  REQUIRE(all.size() == 2);
  CHECK(all[0] ==
        "environments/local.yaml:4:12: namespace: namespace \"Shop_NS\" must consist of lowercase letters, digits and "
        "'-' (DNS-1123 label)");
  CHECK(all[1] ==
        "environments/local.yaml:6:3: dependencies.Rates_DB: dependency name \"Rates_DB\" must consist of lowercase "
        "letters, digits and '-' (DNS-1123 label)");

  auto q = with_service("image: nginx\nports:\n  - {name: http-port-too-long, port: 80}\n");
  CHECK_ONLY_ERROR(q.load("local"),
                   "services/web/service.yaml:3:12: services.web.ports[0].name: port name \"http-port-too-long\" must "
                   "be at most 15 characters");
}

TEST_CASE("a service needing an undeclared dependency is reported") {
  auto p = with_service("image: nginx\nrequires: [rates-dbb]\n",
                        "stack: shop\ntarget:\n  kind: docker\ndependencies:\n  rates-db: {kind: postgres}\n");
  CHECK_ONLY_ERROR(
      p.load("local"),
      "services/web/service.yaml:2:11: services.web.requires[0]: requires \"rates-dbb\", which is neither a declared "
      "dependency nor an enabled service (did you mean \"rates-db\"?)");
}

TEST_CASE("dependency cycles between services are reported") {
  TempProject p(minimal_project());
  p.write("services/web/service.yaml", "image: nginx\nrequires: [api]\n");
  p.write("services/api/service.yaml", "image: api\nrequires: [worker]\n");
  p.write("services/worker/service.yaml", "image: worker\nrequires: [web]\n");
  CHECK_ONLY_ERROR(
      p.load("local"),
      "services/web/service.yaml:2:11: services.web.requires: dependency cycle: api -> worker -> web -> api");
}

TEST_CASE("invalid replica and autoscale bounds are reported") {
  auto p = with_service("image: nginx\nreplicas: -1\n");
  CHECK_ONLY_ERROR(p.load("local"),
                   "services/web/service.yaml:2:11: services.web.replicas: must be between 0 and 1000, got -1");
  auto q = with_service("image: nginx\nautoscale: {min: 5, max: 2}\n");
  CHECK_ONLY_ERROR(q.load("local"),
                   "services/web/service.yaml:2:18: services.web.autoscale: min (5) is greater than max (2)");
  auto r = with_service("image: nginx\nautoscale: {min: 1, max: 3, cpu: 150}\n");
  CHECK_ONLY_ERROR(r.load("local"),
                   "services/web/service.yaml:2:34: services.web.autoscale.cpu: must be between 1 and 100, got 150");
  auto s = with_service("image: nginx\nrequires: [data]\nreplicas: 2\n",
                        "stack: shop\ntarget:\n  kind: docker\ndependencies:\n  data: {kind: lmdb-volume}\n");
  CHECK_ONLY_ERROR(s.load("local"),
                   "services/web/service.yaml:3:11: services.web: requires lmdb-volume \"data\", which one replica at "
                   "a time can open: set replicas: 1 and no autoscale");
}

TEST_CASE("port clashes are reported, within a service and across published ports") {
  auto p = with_service("image: nginx\nports:\n  - {name: http, port: 80}\n  - {name: admin, port: 80}\n");
  CHECK_ONLY_ERROR(p.load("local"),
                   "services/web/service.yaml:4:25: services.web.ports[1].port: port 80/TCP clashes with ports[0]");
  TempProject q(minimal_project());
  q.write("services/web/service.yaml", "image: nginx\nports:\n  - {name: http, port: 80, publish: 3000}\n");
  q.write("services/api/service.yaml", "image: api\nports:\n  - {name: http, port: 80, publish: 3000}\n");
  CHECK_ONLY_ERROR(q.load("local"),
                   "services/web/service.yaml:3:37: services.web.ports[0].publish: host port 3000 is already published "
                   "by services.api.ports[0].publish");
}

TEST_CASE("probes and exposure must name declared ports") {
  auto p =
      with_service("image: nginx\nports: [{name: http, port: 80}]\nprobes:\n  readiness: {http: /ready, port: htp}\n");
  CHECK_ONLY_ERROR(p.load("local"),
                   "services/web/service.yaml:4:35: services.web.probes.readiness.port: no port named \"htp\" in this "
                   "service (did you mean \"http\"?)");
  auto q =
      with_service("image: nginx\nports: [{name: http, port: 80}]\nprobes:\n  liveness: {http: /live, tcp: true}\n");
  CHECK_ONLY_ERROR(q.load("local"),
                   "services/web/service.yaml:4:13: services.web.probes.liveness: a probe needs exactly one of "
                   "\"http\", \"tcp\" or \"exec\"");
}

TEST_CASE("placement must fit the target") {
  auto p = with_service("image: nginx\n",
                        "stack: shop\ntarget:\n  kind: gcp\n  project: p\n  region: r\ndependencies:\n  mq: {kind: "
                        "activemq, placement: managed}\n");
  CHECK_ONLY_ERROR(p.load("local"),
                   "environments/local.yaml:7:35: dependencies.mq.placement: GCP has no managed ActiveMQ; use "
                   "placement \"cluster\"");
  auto q = with_service("image: nginx\n",
                        "stack: shop\ntarget:\n  kind: docker\ndependencies:\n  cache: {kind: redis, database: x}\n");
  CHECK_ONLY_ERROR(q.load("local"),
                   "environments/local.yaml:5:34: dependencies.cache.database: \"database\" does not apply to a redis "
                   "dependency (only postgres, mysql)");
}

TEST_CASE("YAML syntax errors and duplicate keys carry their position") {
  auto p = with_service("image: nginx\nports: [\n");
  auto all = messages(p.load("local"));
  REQUIRE(all.size() == 1);
  CHECK(all[0].rfind("services/web/service.yaml:3:1: invalid YAML: ", 0) == 0);
  auto q = with_service("image: nginx\nreplicas: 1\nreplicas: 2\n");
  CHECK_ONLY_ERROR(q.load("local"),
                   "services/web/service.yaml:3:1: replicas: duplicate key \"replicas\" (first defined at line 2)");
}

TEST_CASE("every problem is reported, not just the first") {
  auto p = with_service("image: nginx\nreplicas: x\nreplcias: 1\nrequires: [nope]\nports: [{name: HTTP, port: 0}]\n");
  auto all = messages(p.load("local"));
  CHECK(all.size() == 5);
}

TEST_CASE("a seed file that does not exist is reported") {
  auto p = with_service("image: nginx\n",
                        "stack: shop\ntarget:\n  kind: docker\ndependencies:\n  db:\n    kind: postgres\n    seed: "
                        "{sql: data/missing.sql}\n");
  CHECK_ONLY_ERROR(p.load("local"),
                   "environments/local.yaml:7:17: dependencies.db.seed.sql: seed file \"data/missing.sql\" not found "
                   "(paths are relative to the project root)");
  p.write("data/missing.sql", "select 1;\n");
  CHECK(stackctl::testing::messages(p.load("local")).empty());
}

TEST_CASE("a document starting with ',' is an error, not a hang (yaml-cpp 0.7 loops on it, jbeder/yaml-cpp#1040)") {
  auto p = with_service("image: nginx\n---\n  , x\n");
  CHECK_ONLY_ERROR(p.load("local"), "services/web/service.yaml:3:3: invalid YAML: unexpected ','");
  auto q = with_service(", \n");
  for (const char* input : {"&x ,", "!!str, =", "- a\n,", "\"a\"\n,", "--- |\n x\n,", "\xEF\xBB\xBF,"}) {
    auto r = with_service(input);
    CHECK(stackctl::testing::messages(r.load("local")).size() == 1);
  }
  CHECK_ONLY_ERROR(q.load("local"), "services/web/service.yaml:1:1: invalid YAML: unexpected ','");
}
