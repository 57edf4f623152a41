// Loading: the extends chain, deep merge, per-service overrides and the
// documented precedence (defaults < service.yaml < environment files <
// STACKCTL_* < --set).
#include <doctest/doctest.h>

#include "config/merge.hpp"
#include "config/yaml_parse.hpp"
#include "temp_project.hpp"

using stackctl::config::InvalidInput;
using stackctl::config::parse_set_flag;
using stackctl::testing::minimal_project;
using stackctl::testing::project_with;
using stackctl::testing::TempProject;

TEST_CASE("a minimal project loads with defaults applied") {
  TempProject p(minimal_project());
  auto l = p.load("local");
  CHECK(stackctl::testing::messages(l).empty());
  REQUIRE(l.env.services.size() == 1);
  CHECK(l.env.services[0].name == "web");
  CHECK(l.env.services[0].replicas == 1);
  CHECK(l.env.namespace_name == "local");
  CHECK(l.env.files == std::vector<std::string>{"environments/local.yaml"});
}

TEST_CASE("extends works across several levels, root first") {
  TempProject p(minimal_project());
  p.write("environments/base.yaml", "abstract: true\nstack: shop\nvars: {tier: small}\ndefaults: {replicas: 1}\n");
  p.write("environments/staging.yaml",
          "extends: base\ntarget: {kind: gcp, project: p1, region: europe-west1}\ndefaults: {replicas: 2}\n");
  p.write("environments/prod.yaml", "extends: staging\ntarget: {project: p2}\nnamespace: shop-prod\n");
  auto l = p.load("prod");
  CHECK(stackctl::testing::messages(l).empty());
  CHECK(l.env.files ==
        std::vector<std::string>{"environments/base.yaml", "environments/staging.yaml", "environments/prod.yaml"});
  CHECK(l.env.target.project == "p2");
  CHECK(l.env.target.region == "europe-west1");
  CHECK(l.env.namespace_name == "shop-prod");
  CHECK(l.env.services[0].replicas == 2);
}

TEST_CASE("an abstract environment can be extended but not used") {
  CHECK_ONLY_ERROR(project_with({{"environments/base.yaml", "abstract: true\nstack: shop\n"}}).load("base"),
                   "environments/base.yaml:1:11: abstract: environment \"base\" is abstract: it can only be extended "
                   "by other environments");
}

TEST_CASE("an extends cycle is reported where it closes") {
  CHECK_ONLY_ERROR(project_with({{"environments/a.yaml", "extends: b\nstack: shop\ntarget: {kind: docker}\n"},
                                 {"environments/b.yaml", "extends: a\n"}})
                       .load("a"),
                   "environments/b.yaml:1:10: extends: extends cycle: a -> b -> a");
}

TEST_CASE("extending an unknown environment suggests the closest name") {
  CHECK_ONLY_ERROR(project_with({{"environments/staging.yaml", "extends: lokal\n"}}).load("staging"),
                   "environments/staging.yaml:1:10: extends: unknown environment \"lokal\" (did you mean \"local\"?)");
}

TEST_CASE("an unknown environment is fatal and suggests the closest name") {
  TempProject p(minimal_project());
  try {
    p.load("locl");
    FAIL("expected InvalidInput");
  } catch (const InvalidInput& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].to_string() ==
          "environments/locl.yaml: unknown environment \"locl\" (did you mean \"local\"?)");
  }
}

TEST_CASE("deep merge: maps merge, lists replace, named lists merge by name, null removes") {
  using stackctl::config::deep_merge;
  using stackctl::config::parse_yaml;
  auto base = parse_yaml(
      "a: {x: 1, y: 2}\nlist: [1, 2, 3]\nports:\n  - {name: http, port: 80}\n  - {name: admin, port: 81}\ngone: 1\n",
      "b");
  auto over = parse_yaml(
      "a: {y: 3, z: 4}\nlist: [9]\nports:\n  - {name: admin, port: 91}\n  - {name: grpc, port: 50051}\ngone: null\n",
      "o");
  deep_merge(base, over);
  CHECK(base.find("a")->find("x")->text() == "1");
  CHECK(base.find("a")->find("y")->text() == "3");
  CHECK(base.find("a")->find("z")->text() == "4");
  REQUIRE(base.find("list")->items().size() == 1);
  CHECK(base.find("list")->items()[0].text() == "9");
  const auto& ports = base.find("ports")->items();
  REQUIRE(ports.size() == 3);
  CHECK(ports[0].find("name")->text() == "http");
  CHECK(ports[1].find("port")->text() == "91");
  CHECK(ports[2].find("name")->text() == "grpc");
  CHECK(base.find("gone") == nullptr);
}

TEST_CASE("precedence: defaults < service.yaml < environment < STACKCTL_* < --set") {
  TempProject p(minimal_project());
  p.write("environments/local.yaml",
          "stack: shop\ntarget: {kind: docker}\ndefaults: {replicas: 5, grace_period: 7}\n"
          "services:\n  web: {replicas: 3}\n");
  p.write("services/web/service.yaml", "image: nginx\nreplicas: 2\ngrace_period: 9\n");
  auto file_only = p.load("local");
  CHECK(file_only.env.services[0].replicas == 3);                   // environment beats service.yaml
  CHECK(file_only.env.services[0].termination_grace_seconds == 9);  // service.yaml beats defaults

  std::string env_var = "STACKCTL_SERVICES__WEB__REPLICAS=4";
  char* envp[] = {env_var.data(), nullptr};
  auto from_env = stackctl::config::overrides_from_environment(envp);
  REQUIRE(from_env.size() == 1);
  CHECK(p.load("local", from_env).env.services[0].replicas == 4);

  auto both = from_env;
  both.push_back(parse_set_flag("services.web.replicas=6"));
  CHECK(p.load("local", both).env.services[0].replicas == 6);
}

TEST_CASE("STACKCTL_* names match dashed keys, and tool settings are not overrides") {
  std::string a = "STACKCTL_SERVICES__RATES_API__ENV__LOG_LEVEL=debug";
  std::string b = "STACKCTL_AGE_IDENTITY=secret-key-material";
  std::string c = "PATH=/bin";
  char* envp[] = {a.data(), b.data(), c.data(), nullptr};
  auto o = stackctl::config::overrides_from_environment(envp);
  REQUIRE(o.size() == 1);
  CHECK(o[0].path == std::vector<std::string>{"SERVICES", "RATES_API", "ENV", "LOG_LEVEL"});

  TempProject p(minimal_project());
  p.write("services/rates-api/service.yaml", "image: r\nenv: {LOG_LEVEL: info}\n");
  auto l = p.load("local", o);
  CHECK(stackctl::testing::messages(l).empty());
  const auto* svc = l.env.find_service("rates-api");
  REQUIRE(svc);
  REQUIRE(svc->env.size() == 1);
  CHECK(svc->env[0].name == "LOG_LEVEL");
  CHECK(svc->env[0].value.literal() == "debug");
}

TEST_CASE("--set takes YAML values, list indexes and creates maps") {
  TempProject p(minimal_project());
  auto l = p.load("local", {parse_set_flag("services.web.autoscale={min: 2, max: 4}"),
                            parse_set_flag("services.web.ports[0].port=9090"), parse_set_flag("domain=shop.test")});
  CHECK(stackctl::testing::messages(l).empty());
  CHECK(l.env.services[0].autoscale.enabled);
  CHECK(l.env.services[0].autoscale.max == 4);
  CHECK(l.env.services[0].ports[0].port == 9090);
  CHECK(l.env.domain == "shop.test");
}

TEST_CASE("--set errors name the flag") {
  CHECK_THROWS_WITH_AS(parse_set_flag("replicas"),
                       "--set replicas: expected PATH=VALUE, e.g. services.rates-api.replicas=3", InvalidInput);
  TempProject p(minimal_project());
  CHECK_ONLY_ERROR(p.load("local", {parse_set_flag("services.web.ports[5].port=1")}),
                   "--set services.web.ports[5].port=1: \"services.web.ports[5]\" does not exist (no list item 5)");
  CHECK_ONLY_ERROR(
      p.load("local", {parse_set_flag("services.web.ports[99999999999999999999].name=x")}),
      "--set services.web.ports[99999999999999999999].name=x: list index 99999999999999999999 is too large");
  CHECK_ONLY_ERROR(p.load("local", {parse_set_flag("services.web.replicas=lots")}),
                   "--set services.web.replicas=lots: services.web.replicas: expected an integer, got \"lots\"");
}

TEST_CASE("per-service overrides for a service that does not exist suggest the closest") {
  CHECK_ONLY_ERROR(project_with({{"environments/local.yaml",
                                  "stack: shop\ntarget: {kind: docker}\nservices:\n  wbe: {replicas: 2}\n"}})
                       .load("local"),
                   "environments/local.yaml:4:3: services.wbe: unknown service \"wbe\" (did you mean \"web\"?) "
                   "(services are the folders under services/ with a service.yaml)");
}

TEST_CASE("a service can be disabled per environment") {
  TempProject p(minimal_project());
  p.write("environments/local.yaml", "stack: shop\ntarget: {kind: docker}\nservices:\n  web: {enabled: false}\n");
  auto l = p.load("local");
  CHECK(stackctl::testing::messages(l).empty());
  CHECK(l.env.services.empty());
}
