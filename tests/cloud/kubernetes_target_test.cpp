// KubernetesTarget (targets/kubernetes/) through recorded kubectl transcripts
// (no cluster here; transcript_stub.py checks every argv in order): down
// with and without --purge, an unreachable cluster and a missing kubectl.
#include <doctest/doctest.h>

#include "config/temp_project.hpp"
#include "scoped_env.hpp"
#include "targets/target.hpp"
#include "transcript.hpp"

using stackctl::testing::ScopedEnv;
using stackctl::testing::TempProject;
using stackctl::testing::Transcript;
namespace tg = stackctl::targets;

namespace {

TempProject project() {
  return TempProject(
      {{"environments/dev.yaml", "stack: shop\ntarget: {kind: kubernetes, context: minikube, namespace: shop}\n"},
       {"kubeconfig", "apiVersion: v1\nkind: Config\n"},
       {"services/web/service.yaml", "image: nginx:1.25\nports:\n  - {name: http, port: 8080}\n"}});
}

tg::DownResult down(const TempProject& p, const std::string& transcript, bool purge, const std::string& path_dir = "") {
  const auto loaded = p.load("dev");
  REQUIRE(loaded.diags.empty());
  Transcript t("kubectl", transcript);
  auto env = t.env();
  env["KUBECONFIG"] = (p.root() / "kubeconfig").string();
  if (!path_dir.empty()) env["PATH"] = path_dir;
  ScopedEnv scoped(env);
  tg::TargetContext ctx;
  ctx.root = p.root();
  ctx.loaded = &loaded;
  auto target = tg::make_target(std::move(ctx));
  CHECK(target->kind() == "kubernetes");
  auto r = target->down({purge});
  CHECK(t.calls_made() == t.recorded_calls());
  return r;
}

}  // namespace

TEST_CASE("kubernetes target transcript: down deletes the workloads and keeps the volume claims") {
  auto p = project();
  const auto r = down(p, "kubernetes_down", false);
  CHECK(r.environment == "dev");
  CHECK(r.removed == std::vector<std::string>{"the workloads in namespace shop"});
  CHECK(r.kept == std::vector<std::string>{
                      "the volume claims (data) and the Secret in namespace shop (down --purge removes them)"});
}

TEST_CASE("kubernetes target transcript: down --purge deletes the volume claims and the Secret too") {
  auto p = project();
  const auto r = down(p, "kubernetes_down_purge", true);
  CHECK(r.kept.empty());
  CHECK(r.removed.size() == 2);
}

TEST_CASE("kubernetes target transcript: an unreachable cluster says which context and why") {
  auto p = project();
  const std::string expected = "cannot reach the cluster of context minikube in " + (p.root() / "kubeconfig").string() +
                               ": The connection to the server 192.168.49.2:8443 was refused";
  CHECK_THROWS_WITH(down(p, "kubernetes_unreachable", false), doctest::Contains(expected.c_str()));
}

TEST_CASE("kubernetes target: kubectl missing points at the docs") {
  auto p = project();
  CHECK_THROWS_WITH(down(p, "kubernetes_unreachable", false, "/nonexistent"),
                    "kubectl not found on PATH; install it (docs/targets/kubernetes.md)");
}
