// `target: {kind: kubernetes}`: its keys (kubeconfig, context, namespace,
// registry), the dependencies' placement in the cluster, and every refusal
// with its file:line:column and key path.
#include <doctest/doctest.h>

#include "images/image_tags.hpp"
#include "temp_project.hpp"

using stackctl::model::Placement;
using stackctl::testing::messages;
using stackctl::testing::project_with;

namespace {

const std::string kKube = "stack: shop\ntarget:\n  kind: kubernetes\n";

stackctl::config::LoadedEnvironment load(const std::string& env_yaml, std::optional<std::string> copy = {}) {
  auto p = project_with({{"environments/dev.yaml", env_yaml}});
  return p.load("dev", {}, copy);
}

}  // namespace

TEST_CASE("kubernetes target: defaults, and every key read") {
  auto d = load(kKube + "dependencies:\n  db: {kind: postgres}\n  cache: {kind: redis}\n");
  REQUIRE(messages(d).empty());
  CHECK(d.env.target.kind == stackctl::model::TargetKind::kubernetes);
  CHECK(d.env.target.kubeconfig.empty());
  CHECK(d.env.target.context.empty());
  CHECK(d.env.target.registry.empty());
  CHECK(d.env.namespace_name == "dev");  // as on the other targets: the environment's name
  for (const auto& dep : d.env.dependencies) CHECK(dep.placement == Placement::cluster);
  CHECK(stackctl::images::image_repository(d.env, "web") == "shop/web");

  auto k = load(kKube +
                "  kubeconfig: ~/.kube/k3s.yaml\n  context: k3s-lab\n  namespace: shop-${env.name}\n"
                "  registry: registry.lab:5000/team/shop\n");
  REQUIRE(messages(k).empty());
  CHECK(k.env.target.kubeconfig == "~/.kube/k3s.yaml");
  CHECK(k.env.target.context == "k3s-lab");
  CHECK(k.env.namespace_name == "shop-dev");
  CHECK(k.env.target.registry == "registry.lab:5000/team/shop");
  CHECK(stackctl::images::image_repository(k.env, "web") == "registry.lab:5000/team/shop/web");
  // A copy gets a namespace of its own, as on the cloud targets.
  CHECK(load(kKube + "  namespace: shop\n", "pr-7").env.namespace_name == "shop-pr-7");
}

TEST_CASE("kubernetes target: refusals with file:line:column and key path") {
  CHECK_ONLY_ERROR(load(kKube + "  kubecofnig: x\n"),
                   "environments/dev.yaml:4:3: target.kubecofnig: unknown key \"kubecofnig\" (did you mean "
                   "\"kubeconfig\"?)");
  CHECK_ONLY_ERROR(load(kKube + "  context: {name: x}\n"),
                   "environments/dev.yaml:4:12: target.context: expected a string, got a map");
  CHECK_ONLY_ERROR(load(kKube + "  kubeconfig: \"\"\n"),
                   "environments/dev.yaml:4:15: target.kubeconfig: must not be empty (leave it out for the default, "
                   "or e.g. ~/.kube/config)");
  CHECK_ONLY_ERROR(load(kKube + "  registry: localhost:5000\n"),
                   "environments/dev.yaml:4:13: target.registry: expected HOST[:PORT]/PATH (images go to "
                   "HOST[:PORT]/PATH/SERVICE), e.g. localhost:5000/shop, got \"localhost:5000\"");
  CHECK_ONLY_ERROR(load(kKube + "  registry: https://localhost:5000/shop\n"),
                   "environments/dev.yaml:4:13: target.registry: expected HOST[:PORT]/PATH (images go to "
                   "HOST[:PORT]/PATH/SERVICE), e.g. localhost:5000/shop, got \"https://localhost:5000/shop\"");
  CHECK_ONLY_ERROR(load(kKube + "  namespace: Shop_Dev\n"),
                   "environments/dev.yaml:4:14: target.namespace: namespace \"Shop_Dev\" must consist of "
                   "lowercase letters, digits and '-' (DNS-1123 label)");
  CHECK_ONLY_ERROR(load("namespace: shop\n" + kKube + "  namespace: shop-dev\n"),
                   "environments/dev.yaml:5:14: target.namespace: the namespace is also set by \"namespace\" at "
                   "environments/dev.yaml:1:12; keep one of them");
  // Keys of other kinds, and other kinds refusing these keys.
  CHECK_ONLY_ERROR(load(kKube + "  region: europe-west1\n"),
                   "environments/dev.yaml:4:11: target.region: \"region\" does not apply to a kubernetes target");
  CHECK_ONLY_ERROR(load(kKube + "  host: tcp://127.0.0.1:2375\n"),
                   "environments/dev.yaml:4:9: target.host: \"host\" does not apply to a kubernetes target");
  CHECK_ONLY_ERROR(load(kKube + "  project: shop-prod\n"),
                   "environments/dev.yaml:4:12: target.project: \"project\" does not apply to a kubernetes target");
  CHECK_ONLY_ERROR(load(stackctl::testing::kDockerEnvironment + "  kubeconfig: ~/.kube/config\n"),
                   "environments/dev.yaml:4:15: target.kubeconfig: \"kubeconfig\" does not apply to a docker target");
  CHECK_ONLY_ERROR(load(stackctl::testing::kGcpEnvironment + "  namespace: shop\n"),
                   "environments/dev.yaml:6:14: target.namespace: \"namespace\" does not apply to a gcp target");
  CHECK_ONLY_ERROR(load(stackctl::testing::kAwsEnvironment + "  registry: localhost:5000/shop\n"),
                   "environments/dev.yaml:6:13: target.registry: \"registry\" does not apply to a aws target");
  // No Terraform, no managed dependencies, no cloud secret stores.
  CHECK_ONLY_ERROR(load(kKube + "state: {}\n"),
                   "environments/dev.yaml:4:8: state: \"state\" applies to gcp and aws targets (Terraform state); a "
                   "kubernetes target has none");
  CHECK_ONLY_ERROR(load(kKube + "dependencies:\n  db: {kind: postgres, placement: managed}\n"),
                   "environments/dev.yaml:5:35: dependencies.db.placement: a kubernetes target runs dependencies in "
                   "the cluster (StatefulSets); use placement \"cluster\" or \"auto\"");
  CHECK_ONLY_ERROR(load(kKube + "secrets: {store: gcp-secret-manager}\n"),
                   "environments/dev.yaml:4:18: secrets.store: store \"gcp-secret-manager\" needs a gcp target, not "
                   "kubernetes; use \"kubernetes\"");
  CHECK_ONLY_ERROR(load("stack: shop\ntarget: {kind: kubernets}\n"),
                   "environments/dev.yaml:2:16: target.kind: unknown value \"kubernets\", expected one of: docker, "
                   "gcp, aws, kubernetes");
}
