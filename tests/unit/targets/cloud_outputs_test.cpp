// What the cloud deploy reads back from `terraform output -json`, and the
// ConfigMap of dependency addresses it makes from it.
#include <doctest/doctest.h>

#include <fstream>

#include "config/loader.hpp"
#include "targets/cloud/infrastructure.hpp"
#include "targets/cloud/kubernetes_deploy.hpp"
#include "targets/cloud/workspace.hpp"

using nlohmann::json;
namespace tc = stackctl::targets::cloud;

namespace {

// The shape terraform 1.11 prints: {NAME: {sensitive, type, value}}.
const json kOutput = json::parse(R"({
  "cluster": {"sensitive": false, "type": ["object", {}], "value": {
    "name": "loopstock-staging", "location": "europe-west1",
    "endpoint": "34.76.0.1", "ca_certificate": "LS0tLS1CRUdJTi=="}},
  "generated_secrets": {"sensitive": true, "type": ["object", {}],
    "value": {"sportbuff-cache-password": "auth-string-from-memorystore"}},
  "infrastructure": {"sensitive": false, "type": ["object", {}], "value": {
    "rates-db.host": "10.20.0.3", "rates-db.port": 5432, "rates-db.database": "rates", "rates-db.user": "app"}},
  "registry": {"sensitive": false, "type": "string",
    "value": "europe-west1-docker.pkg.dev/loopstock-staging/loopstock-staging"}
})");

}  // namespace

TEST_CASE("cloud outputs: parsed from terraform output -json, numbers as text") {
  const auto out = tc::parse_outputs(kOutput);
  CHECK(out.cluster_name == "loopstock-staging");
  CHECK(out.cluster_location == "europe-west1");
  CHECK(out.registry == "europe-west1-docker.pkg.dev/loopstock-staging/loopstock-staging");
  CHECK(out.infrastructure.at("rates-db.port") == "5432");
  CHECK(out.infrastructure.at("rates-db.host") == "10.20.0.3");
  CHECK(out.generated_secrets.at("sportbuff-cache-password") == "auth-string-from-memorystore");
  CHECK(out.workload_identity.empty());
  // Nothing applied yet: every field empty, no throw.
  const auto none = tc::parse_outputs(json::object());
  CHECK(none.cluster_name.empty());
  CHECK(none.infrastructure.empty());
}

TEST_CASE("cloud outputs: the infrastructure ConfigMap the Deployments read") {
  stackctl::config::LoadOptions o;
  o.root = STACKCTL_SOURCE_DIR;
  o.environment = "staging";
  const auto loaded = stackctl::config::load_environment(o);
  REQUIRE(loaded.diags.empty());
  const json cm = tc::infrastructure_config_map(loaded.env, tc::parse_outputs(kOutput));
  CHECK(cm["kind"] == "ConfigMap");
  CHECK(cm["metadata"]["name"] == "stackctl-infrastructure");
  CHECK(cm["metadata"]["namespace"] == loaded.env.namespace_name);
  CHECK(cm["data"]["rates-db.host"] == "10.20.0.3");
  CHECK(cm["data"]["rates-db.port"] == "5432");
  CHECK_FALSE(cm["data"].contains("sportbuff-cache-password"));  // secrets never in a ConfigMap
}

TEST_CASE("cloud workspace: everything under the project's .stackctl/, per instance") {
  const auto ws = tc::workspace_for("/srv/shop", "staging-pr-1");
  CHECK(ws.terraform_dir == "/srv/shop/.stackctl/cloud/staging-pr-1/terraform");
  CHECK(ws.plan_file == "/srv/shop/.stackctl/cloud/staging-pr-1/infra.tfplan");
  CHECK(ws.local_state == "/srv/shop/.stackctl/state/staging-pr-1.tfstate");
  CHECK(ws.kubeconfig == "/srv/shop/.stackctl/kube/staging-pr-1.kubeconfig");
}

TEST_CASE("cloud plan review: a destroy of protected resources is refused, listing them") {
  std::ifstream in(std::string(STACKCTL_FIXTURES_DIR) + "/cloud/plans/aws_destroy.show.json");
  REQUIRE(in);
  tc::ReviewedPlan plan;
  plan.summary = stackctl::clients::parse_plan_json(json::parse(in));
  plan.has_changes = true;
  REQUIRE_FALSE(plan.summary.protected_destroys().empty());
  try {
    tc::Infrastructure::refuse_protected(plan, "aws-staging");
    FAIL("not refused");
  } catch (const tc::ProtectedDestroy& e) {
    const std::string message = e.what();
    CHECK(message.find(plan.summary.protected_destroys().front().address) != std::string::npos);
    CHECK(message.find("--allow-destroy") != std::string::npos);
    CHECK(message.find("Nothing was changed") != std::string::npos);
  }
  tc::ReviewedPlan harmless;
  CHECK_NOTHROW(tc::Infrastructure::refuse_protected(harmless, "aws-staging"));
}
