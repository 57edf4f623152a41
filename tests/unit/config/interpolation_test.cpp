// `${...}` interpolation: variables, environment facts, typed whole-scalar
// substitution, escapes and deploy-time references.
#include <doctest/doctest.h>

#include "temp_project.hpp"

using stackctl::testing::minimal_project;
using stackctl::testing::project_with;
using stackctl::testing::TempProject;

TEST_CASE("placeholders resolve vars and environment facts; whole scalars keep their type") {
  TempProject p(minimal_project());
  p.write("environments/local.yaml",
          "stack: shop\ntarget: {kind: docker}\nvars: {n: 3, zone: eu}\ndomain: ${env.name}.${var.zone}.${env.target}\n"
          "services:\n  web:\n    replicas: ${var.n}\n");
  p.write("services/web/service.yaml",
          "image: nginx\nports: [{name: http, port: 80}]\nexpose:\n  host: web.${env.domain}\n"
          "env:\n  WHO: ${service.name}-in-${env.namespace}\n  LITERAL: $${not.a.placeholder}\n");
  auto l = p.load("local");
  CHECK(stackctl::testing::messages(l).empty());
  const auto& web = l.env.services.at(0);
  CHECK(web.replicas == 3);
  CHECK(web.expose.host == "web.local.eu.docker");
  CHECK(web.env[0].name == "LITERAL");
  CHECK(web.env[0].value.literal() == "${not.a.placeholder}");
  CHECK(web.env[1].value.literal() == "web-in-local");
}

TEST_CASE("a quoted placeholder stays a string") {
  CHECK_ONLY_ERROR(
      project_with(
          {{"environments/local.yaml",
            "stack: shop\ntarget: {kind: docker}\nvars: {n: 3}\nservices:\n  web: {replicas: \"${var.n}\"}\n"}})
          .load("local"),
      "environments/local.yaml:5:19: services.web.replicas: expected an integer, got \"3\"");
}

TEST_CASE("an unknown placeholder is reported with a suggestion") {
  CHECK_ONLY_ERROR(
      project_with({{"environments/local.yaml",
                     "stack: shop\ntarget: {kind: docker}\nvars: {zone: eu}\ndomain: ${var.zones}.test\n"}})
          .load("local"),
      "environments/local.yaml:4:9: domain: unknown placeholder \"${var.zones}\" (did you mean \"var.zone\"?)");
}

TEST_CASE("an unterminated placeholder is reported") {
  CHECK_ONLY_ERROR(
      project_with({{"environments/local.yaml", "stack: shop\ntarget: {kind: docker}\ndomain: ${env.name\n"}})
          .load("local"),
      "environments/local.yaml:3:9: domain: unterminated placeholder \"${env.name\" (write $${ for a literal ${)");
}

TEST_CASE("deploy-time references become typed parts of env values") {
  TempProject p(minimal_project());
  p.write("environments/local.yaml", "stack: shop\ntarget: {kind: docker}\ndependencies:\n  db: {kind: postgres}\n");
  p.write(
      "services/web/service.yaml",
      "image: nginx\nrequires: [db]\n"
      "env:\n  URL: postgres://${dep.db.user}:${secret:db-password}@${dep.db.host}/x\n  PW: ${secret:db-password}\n");
  auto l = p.load("local");
  CHECK(stackctl::testing::messages(l).empty());
  const auto& env = l.env.services.at(0).env;
  REQUIRE(env.size() == 2);
  CHECK(env[0].name == "PW");
  REQUIRE(env[0].value.parts.size() == 1);
  CHECK(env[0].value.parts[0].ref->kind == stackctl::model::Reference::Kind::secret);
  CHECK(env[0].value.parts[0].ref->name == "db-password");
  const auto& url = env[1].value.parts;
  REQUIRE(url.size() == 7);
  CHECK(url[0].text == "postgres://");
  CHECK(url[1].ref->field == "user");
  CHECK(url[3].ref->name == "db-password");
  CHECK(url[6].text == "/x");
}

TEST_CASE("references outside env values, and to dependencies not required, are errors") {
  TempProject p(minimal_project());
  p.write("environments/local.yaml",
          "stack: shop\ntarget: {kind: docker}\ndomain: ${secret:x}\ndependencies:\n  db: {kind: postgres}\n");
  p.write("services/web/service.yaml", "image: nginx\nenv:\n  HOST: ${dep.db.host}\n  BAD: ${dep.db.color}\n");
  auto all = stackctl::testing::messages(p.load("local"));
  REQUIRE(all.size() == 3);
  CHECK(all[0] ==
        "environments/local.yaml:3:9: domain: \"${secret:x}\" is resolved at deploy time and is only allowed in a "
        "service's env values");
  CHECK(all[1] ==
        "services/web/service.yaml:3:9: services.web.env.HOST: refers to dependency \"db\", which this service does "
        "not require; add it to \"requires\"");
  CHECK(all[2] ==
        "services/web/service.yaml:4:8: services.web.env.BAD: expected ${dep.NAME.FIELD} with FIELD one of host, port, "
        "database, user; got \"${dep.db.color}\"");
}
