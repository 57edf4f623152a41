// clients::Kubectl against the real kubectl (1.32) with a kubeconfig pointing
// at a closed loopback port (flags are parsed, then the connection fails),
// and the failure report / rollout status from recorded transcripts.
#include <doctest/doctest.h>

#include "clients/kubectl.hpp"
#include "temp_dir.hpp"
#include "transcript.hpp"

using namespace stackctl::clients;
using stackctl::testing::TempDir;
using stackctl::testing::Transcript;

namespace {
const char* kClosedPortKubeconfig = R"(apiVersion: v1
kind: Config
clusters:
- name: closed
  cluster:
    server: https://127.0.0.1:9
contexts:
- name: closed
  context:
    cluster: closed
    user: u
current-context: closed
users:
- name: u
  user:
    token: not-a-real-token
)";
const std::string kNs = "loopstock-staging";
const std::string kSel = instance_selector("loopstock-staging");
}  // namespace

TEST_CASE("kubectl real: apply against a closed port: CommandError with the command and kubectl's stderr") {
  TempDir dir;
  auto kc = dir.write("kubeconfig", kClosedPortKubeconfig);
  dir.write("k8s/cm.json", R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"ns1"},"data":{"k":"v"}})");
  Kubectl k(KubectlOptions{"kubectl", kc, std::nullopt, {}, {}});
  try {
    k.apply_server_side({dir.path / "k8s"}, "ns1", "stackctl-x");
    FAIL("no throw");
  } catch (const CommandError& e) {
    std::string m = e.what();
    CHECK(m.rfind("`kubectl --kubeconfig " + kc.string() + " apply --server-side --field-manager=stackctl", 0) == 0);
    CHECK(m.find("--applyset=configmaps/stackctl-x") != std::string::npos);
    CHECK(m.find("127.0.0.1:9") != std::string::npos);
    CHECK(m.find("connection refused") != std::string::npos);
    // The flags themselves were accepted: kubectl got as far as the server.
    CHECK(m.find("unknown flag") == std::string::npos);
    CHECK(m.find("incompatible") == std::string::npos);
    CHECK(m.find("doesn't currently work") == std::string::npos);
  }
}

TEST_CASE("kubectl real: the rendered kinds are a valid --prune-allowlist for kubectl's flag parser") {
  TempDir dir;
  auto kc = dir.write("kubeconfig", kClosedPortKubeconfig);
  ProcessSpec spec;
  spec.argv = {"kubectl", "--kubeconfig", kc.string(), "apply", "--prune", "-l", kSel};
  for (const auto& kind : rendered_kinds()) spec.argv.push_back("--prune-allowlist=" + std::string(kind.group_version_kind));
  spec.argv.insert(spec.argv.end(), {"-f", "-"});
  spec.stdin_data = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}})";
  auto r = run_process(spec);
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("unknown flag") == std::string::npos);
  CHECK(r.err.find("invalid") == std::string::npos);
  CHECK(r.err.find("refused") != std::string::npos);
}

TEST_CASE("kubectl real: apply_stdin of a Secret against a closed port leaks nothing") {
  TempDir dir;
  auto kc = dir.write("kubeconfig", kClosedPortKubeconfig);
  Kubectl k(KubectlOptions{"kubectl", kc, std::nullopt, {}, {}});
  nlohmann::json secret = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "db"}, {"namespace", "ns1"}}},
                           {"stringData", {{"DB_PASSWORD", "kube-secret-7781"}}}};
  try {
    k.apply_stdin(secret);
    FAIL("no throw");
  } catch (const CommandError& e) {
    std::string m = e.what();
    CHECK(m.find("-f -") != std::string::npos);
    CHECK(m.find("kube-secret-7781") == std::string::npos);
  }
}

TEST_CASE("kubectl transcript: failure report of CrashLoopBackOff and ImagePullBackOff pods") {
  Transcript t("kubectl", "kubectl_failure_report");
  TempDir dir;
  auto env = t.env();
  env["KUBECONFIG"] = (dir.path / "kubeconfig").string();  // the stub's {KUBECONFIG}
  Kubectl k(KubectlOptions{"kubectl", dir.path / "kubeconfig", std::nullopt, env, {}});
  auto report = k.failure_report(kNs, kSel);
  CHECK(t.calls_made() == t.recorded_calls());
  REQUIRE(report.pods.size() == 2);  // the Ready worker is not a failure

  const auto& api = report.pods[0];
  CHECK(api.name == "api-7d9c6b5f4-x2k8q");
  CHECK(api.phase == "Running");
  REQUIRE(api.containers.size() == 1);
  CHECK(api.containers[0].reason == "CrashLoopBackOff");
  CHECK(api.containers[0].restart_count == 5);
  CHECK(api.containers[0].last_termination_reason == "Error");
  CHECK(api.containers[0].last_exit_code == 1);
  REQUIRE(api.events.size() == 3);
  CHECK(api.events[0].reason == "Scheduled");  // sorted oldest first
  CHECK(api.events[2].reason == "BackOff");
  CHECK(api.events[2].count == 14);
  CHECK(api.logs.find("ECONNREFUSED") != std::string::npos);

  const auto& web = report.pods[1];
  CHECK(web.phase == "Pending");
  CHECK(web.containers[0].reason == "ImagePullBackOff");
  CHECK(web.events.back().reason == "Failed");
  CHECK(web.logs.rfind("(no logs: Error from server (BadRequest)", 0) == 0);

  std::string text = report.format();
  CHECK(text.find("pod api-7d9c6b5f4-x2k8q (Running): ContainersNotReady: containers with unready status: [api]\n") !=
        std::string::npos);
  CHECK(text.find("  container api: waiting (CrashLoopBackOff), 5 restarts, last exit: Error 1\n") != std::string::npos);
  CHECK(text.find("Warning BackOff (x14): Back-off restarting failed container api") != std::string::npos);
  CHECK(text.find("    [pod/api-7d9c6b5f4-x2k8q/api] error: connect ECONNREFUSED") != std::string::npos);
  CHECK(text.find("  container web: waiting (ImagePullBackOff)\n") != std::string::npos);
}

TEST_CASE("kubectl transcript: rollout status past its progress deadline") {
  Transcript t("kubectl", "kubectl_rollout_deadline");
  TempDir dir;
  auto env = t.env();
  env["KUBECONFIG"] = (dir.path / "kubeconfig").string();
  std::vector<std::string> lines;
  Kubectl k(KubectlOptions{"kubectl", dir.path / "kubeconfig", std::nullopt, env,
                           [&](const std::string& l) { lines.push_back(l); }});
  CHECK_THROWS_WITH_AS(k.rollout_status("deployment/api", kNs, std::chrono::seconds(60)),
                       doctest::Contains("rollout status deployment/api --namespace loopstock-staging --timeout=60s` "
                                         "failed (exit 1):\nerror: deployment \"api\" exceeded its progress deadline"),
                       CommandError);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("0 of 1 updated replicas are available") != std::string::npos);
}
