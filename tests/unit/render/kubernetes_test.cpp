// render_kubernetes on the sample environment: which objects exist, the
// hardening and scaling rules, env/reference rendering, network edges and
// byte-identical output across runs.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include "documents.hpp"
#include "render/kubernetes.hpp"
#include "render/yaml_emit.hpp"
#include "sample_environment.hpp"

using nlohmann::json;
using stackctl::render::Document;
using stackctl::render::render_kubernetes;

namespace {

const std::map<std::string, std::string> kImages = {{"api", "registry.example/api:abc123"}, {"worker", "ignored:1"}};

std::vector<Document> render(const stackctl::model::Environment& env) { return render_kubernetes(env, kImages); }

using stackctl::test::find;
using stackctl::test::get;

const json& container(const json& workload) { return workload["spec"]["template"]["spec"]["containers"][0]; }

const json* env_entry(const json& c, const std::string& name) {
  for (const auto& e : c["env"])
    if (e["name"] == name) return &e;
  return nullptr;
}

bool has_peer(const json& peers, const std::string& name) {
  return std::any_of(peers.begin(), peers.end(), [&](const json& p) {
    return p.contains("podSelector") && p["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == name;
  });
}

}  // namespace

TEST_CASE("render_kubernetes: deterministic and sorted by path") {
  const auto env = stackctl::test::sample_environment();
  const auto first = render(env);
  const auto second = render(env);
  CHECK(stackctl::render::to_yaml_stream(first) == stackctl::render::to_yaml_stream(second));
  CHECK(
      std::is_sorted(first.begin(), first.end(), [](const Document& a, const Document& b) { return a.path < b.path; }));
  for (const auto& d : first) {
    CAPTURE(d.path);
    CHECK(d.body["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "stackctl");
    CHECK(d.body["metadata"]["labels"]["team"] == "platform");
    if (d.body["kind"] != "Namespace") CHECK(d.body["metadata"]["namespace"] == "loopstock-staging");
  }
}

TEST_CASE("render_kubernetes: which objects exist") {
  const auto docs = render(stackctl::test::sample_environment());
  CHECK(get(docs, "kubernetes/namespace.yaml")["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] ==
        "restricted");
  CHECK(find(docs, "kubernetes/networkpolicy-default-deny.yaml") != nullptr);
  CHECK(find(docs, "kubernetes/networkpolicy-allow-dns.yaml") != nullptr);
  // HPA iff autoscaled; PDB iff the minimum replica count is >= 2.
  CHECK(find(docs, "kubernetes/services/api/hpa.yaml") != nullptr);
  CHECK(find(docs, "kubernetes/services/rates/hpa.yaml") == nullptr);
  CHECK(find(docs, "kubernetes/services/api/pdb.yaml") != nullptr);
  CHECK(find(docs, "kubernetes/services/rates/pdb.yaml") != nullptr);
  CHECK(find(docs, "kubernetes/services/worker/pdb.yaml") == nullptr);
  // Service iff ports; Ingress iff exposed.
  CHECK(find(docs, "kubernetes/services/worker/service.yaml") == nullptr);
  CHECK(find(docs, "kubernetes/services/api/ingress.yaml") != nullptr);
  CHECK(find(docs, "kubernetes/services/rates/ingress.yaml") == nullptr);
  // Cluster dependencies get a StatefulSet and a headless Service; managed ones nothing.
  CHECK(get(docs, "kubernetes/dependencies/users-db/service.yaml")["spec"]["clusterIP"] == "None");
  CHECK(find(docs, "kubernetes/dependencies/users-db/statefulset.yaml") != nullptr);
  CHECK(find(docs, "kubernetes/dependencies/rates-db/statefulset.yaml") == nullptr);
  CHECK(find(docs, "kubernetes/dependencies/store/persistentvolumeclaim.yaml") != nullptr);
  CHECK(find(docs, "kubernetes/dependencies/store/statefulset.yaml") == nullptr);
}

TEST_CASE("render_kubernetes: deployments, scaling and hardening") {
  const auto docs = render(stackctl::test::sample_environment());
  const json& api = get(docs, "kubernetes/services/api/deployment.yaml");
  const json& rates = get(docs, "kubernetes/services/rates/deployment.yaml");
  CHECK_FALSE(api["spec"].contains("replicas"));  // the HPA owns it
  CHECK(rates["spec"]["replicas"] == 2);
  CHECK(get(docs, "kubernetes/services/api/hpa.yaml")["spec"]["minReplicas"] == 2);
  CHECK(get(docs, "kubernetes/services/api/pdb.yaml")["spec"]["maxUnavailable"] == 1);
  CHECK(api["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0);
  CHECK(api["spec"]["selector"]["matchLabels"].size() == 2);
  const json& pod = api["spec"]["template"]["spec"];
  CHECK(pod["securityContext"]["runAsNonRoot"] == true);
  CHECK(pod["securityContext"]["runAsUser"] == 10001);
  CHECK(pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault");
  const json& c = container(api);
  CHECK(c["image"] == "registry.example/api:abc123");
  CHECK(c["securityContext"]["readOnlyRootFilesystem"] == true);
  CHECK(c["securityContext"]["allowPrivilegeEscalation"] == false);
  CHECK(c["securityContext"]["capabilities"]["drop"] == json::array({"ALL"}));
  CHECK(c["readinessProbe"]["httpGet"]["path"] == "/healthz");
  CHECK(c["livenessProbe"]["tcpSocket"]["port"] == "http");
  CHECK(c["resources"]["limits"]["cpu"] == "1");
  CHECK(container(rates)["readinessProbe"]["exec"]["command"][0] == "/bin/grpc_health_probe");
  CHECK_FALSE(container(rates)["resources"].contains("limits"));
  CHECK(container(get(docs, "kubernetes/services/worker/deployment.yaml"))["image"] == "ghcr.io/acme/worker:1.2");
  CHECK(container(rates)["image"] == "rates:unbuilt");
  // The lmdb volume is mounted from its claim.
  CHECK(pod["volumes"][1]["persistentVolumeClaim"]["claimName"] == "store");
  CHECK(c["volumeMounts"][1]["mountPath"] == "/var/lib/store");
}

TEST_CASE("render_kubernetes: env values, references and the config hash") {
  auto env = stackctl::test::sample_environment();
  const auto docs = render(env);
  const json& cm = get(docs, "kubernetes/services/api/configmap.yaml");
  CHECK(cm["data"]["LOG_LEVEL"] == "info");
  CHECK(cm["data"]["CACHE_HOST"] == "cache");  // in-cluster: known now
  CHECK(cm["data"]["USERS_URL"] == "postgres://users-db:5432/users");
  const json& c = container(get(docs, "kubernetes/services/api/deployment.yaml"));
  CHECK((*env_entry(c, "DB_PASSWORD"))["valueFrom"]["secretKeyRef"] ==
        json{{"name", "stackctl-secrets"}, {"key", "rates-db-password"}});
  CHECK((*env_entry(c, "RATES_DB_HOST"))["valueFrom"]["configMapKeyRef"] ==
        json{{"name", "stackctl-infrastructure"}, {"key", "rates-db.host"}});
  CHECK((*env_entry(c, "DATABASE_URL"))["value"] ==
        "postgres://$(STACKCTL_REF_RATES_DB_USER):$(STACKCTL_REF_RATES_DB_PASSWORD)@"
        "$(STACKCTL_REF_RATES_DB_HOST)/rates?cost=$$5");
  // Helpers come before the variables that expand them.
  CHECK(c["env"][0]["name"] == "STACKCTL_REF_RATES_DB_HOST");
  CHECK(c["env"].back()["name"] == "RATES_DB_HOST");
  CHECK_FALSE(cm["data"].contains("DB_PASSWORD"));
  // Changing config changes the pod template's hash.
  const std::string hash =
      get(docs, "kubernetes/services/api/deployment.yaml")["spec"]["template"]["metadata"]["annotations"]
                                                          ["stackctl.dev/config-hash"];
  env.services[0].env[3].value.parts[0].text = "debug";
  const auto changed = render(env);
  CHECK(get(changed, "kubernetes/services/api/deployment.yaml")["spec"]["template"]["metadata"]["annotations"]
                                                               ["stackctl.dev/config-hash"] != hash);
}

TEST_CASE("render_kubernetes: helper variables never collide") {
  using namespace stackctl::test;
  auto env = sample_environment();
  auto& worker = env.services[2];
  worker.env = {var("AUTH", {text("Bearer "), secret("token"), text(" "), secret("rates-db-user"), text(" "),
                             dep("rates-db", "user")}),
                var("STACKCTL_REF_TOKEN", {text("mine")})};
  const auto docs = render(env);
  const json& c = container(get(docs, "kubernetes/services/worker/deployment.yaml"));
  CHECK((*env_entry(c, "AUTH"))["value"] ==
        "Bearer $(STACKCTL_REF_TOKEN_2) $(STACKCTL_REF_RATES_DB_USER) $(STACKCTL_REF_RATES_DB_USER_2)");
  CHECK((*env_entry(c, "STACKCTL_REF_RATES_DB_USER"))["valueFrom"]["secretKeyRef"]["key"] == "rates-db-user");
  CHECK((*env_entry(c, "STACKCTL_REF_RATES_DB_USER_2"))["valueFrom"]["configMapKeyRef"]["key"] == "rates-db.user");
  CHECK(get(docs, "kubernetes/services/worker/configmap.yaml")["data"]["STACKCTL_REF_TOKEN"] == "mine");
}

TEST_CASE("render_kubernetes: secrets are referenced by name only") {
  // The model holds no secret values, so what can leak is a reference turned
  // into text: every secretKeyRef must be exactly {name, key}, the entry
  // holding it must have no literal value, and no ConfigMap may mention one.
  const auto docs = render(stackctl::test::sample_environment());
  int refs = 0;
  std::function<void(const json&)> walk = [&](const json& j) {
    if (j.is_object()) {
      if (j.contains("valueFrom") && j["valueFrom"].contains("secretKeyRef")) {
        ++refs;
        CHECK_FALSE(j.contains("value"));
        const json& ref = j["valueFrom"]["secretKeyRef"];
        CHECK(ref.size() == 2);
        CHECK(ref["name"] == "stackctl-secrets");
      }
      for (const auto& item : j.items()) walk(item.value());
    } else if (j.is_array()) {
      for (const auto& item : j) walk(item);
    }
  };
  for (const auto& d : docs) {
    CAPTURE(d.path);
    CHECK(d.body["kind"] != "Secret");
    walk(d.body);
    if (d.body["kind"] == "ConfigMap") CHECK(d.body.dump().find("password") == std::string::npos);
  }
  CHECK(refs == 3);  // api: 2 helpers/vars, rates: 1 (dependencies read files in /run/secrets)
}

TEST_CASE("render_kubernetes: dependencies run as the restricted level demands") {
  const auto docs = render(stackctl::test::sample_environment());
  for (const char* name : {"cache", "orders-db", "queue", "users-db"}) {
    CAPTURE(name);
    const json& sts = get(docs, std::string("kubernetes/dependencies/") + name + "/statefulset.yaml");
    const json& pod = sts["spec"]["template"]["spec"];
    CHECK(pod["securityContext"]["runAsNonRoot"] == true);
    CHECK(pod["securityContext"]["runAsUser"] != 0);
    CHECK(container(sts)["securityContext"]["capabilities"]["drop"] == json::array({"ALL"}));
    CHECK(sts["spec"]["volumeClaimTemplates"][0]["spec"]["accessModes"][0] == "ReadWriteOnce");
  }
  const json& pg = get(docs, "kubernetes/dependencies/users-db/statefulset.yaml");
  CHECK(container(pg)["image"] == "postgres:16");
  CHECK(pg["spec"]["replicas"] == 1);
  CHECK((*env_entry(container(pg), "POSTGRES_PASSWORD_FILE"))["value"] == "/run/secrets/users-db-password");
  CHECK(env_entry(container(pg), "POSTGRES_PASSWORD") == nullptr);
  const json& redis = get(docs, "kubernetes/dependencies/cache/statefulset.yaml");
  CHECK(redis["spec"]["replicas"] == 6);
  const json& args = container(redis)["args"];
  CHECK(args.at(2).get<std::string>().find("cluster-enabled yes") != std::string::npos);
  CHECK(container(get(docs, "kubernetes/dependencies/queue/statefulset.yaml"))["image"] ==
        "apache/activemq-classic:16");
}

TEST_CASE("render_kubernetes: network policy edges") {
  const auto docs = render(stackctl::test::sample_environment());
  const json& rates = get(docs, "kubernetes/services/rates/networkpolicy.yaml")["spec"];
  // rates is required by api and worker: both may reach it on its port.
  CHECK(has_peer(rates["ingress"][0]["from"], "api"));
  CHECK(has_peer(rates["ingress"][0]["from"], "worker"));
  CHECK(rates["ingress"][0]["ports"][0]["port"] == 50051);
  const json& api = get(docs, "kubernetes/services/api/networkpolicy.yaml")["spec"];
  // Exposed: any namespace on the exposed port.
  CHECK(api["ingress"].size() == 1);
  CHECK(api["ingress"][0]["from"][0]["namespaceSelector"] == json::object());
  CHECK(api["ingress"][0]["ports"][0]["port"] == 8080);
  // Egress: rates' pods, in-cluster dependencies' pods, managed rates-db by port only.
  bool to_rates = false, to_users = false, to_managed = false;
  for (const auto& rule : api["egress"]) {
    if (!rule.contains("to"))
      to_managed = rule["ports"][0]["port"] == 5432;
    else if (has_peer(rule["to"], "rates"))
      to_rates = true;
    else if (has_peer(rule["to"], "users-db"))
      to_users = true;
  }
  CHECK(to_rates);
  CHECK(to_users);
  CHECK(to_managed);
  const json& users = get(docs, "kubernetes/dependencies/users-db/networkpolicy.yaml")["spec"];
  CHECK(has_peer(users["ingress"][0]["from"], "api"));
  CHECK_FALSE(has_peer(users["ingress"][0]["from"], "rates"));
  const json& ingress = get(docs, "kubernetes/services/api/ingress.yaml")["spec"];
  CHECK(ingress["tls"][0]["secretName"] == "api-tls");
  CHECK(ingress["rules"][0]["http"]["paths"][0]["backend"]["service"]["port"]["name"] == "http");
}

TEST_CASE("render_kubernetes: copies carry their parent and time-to-live") {
  auto env = stackctl::test::sample_environment();
  env.copy = stackctl::model::Copy{"pr-42", "staging", "48h"};
  const auto docs = render(env);
  const json& labels = get(docs, "kubernetes/services/api/deployment.yaml")["metadata"]["labels"];
  CHECK(labels["stackctl.dev/copy-of"] == "staging");
  CHECK(labels["stackctl.dev/ttl"] == "48h");
  CHECK(labels["app.kubernetes.io/instance"] == "staging-pr-42");
  const json& selector = get(docs, "kubernetes/services/api/service.yaml")["spec"]["selector"];
  CHECK(selector["app.kubernetes.io/instance"] == "staging-pr-42");
  CHECK_FALSE(selector.contains("stackctl.dev/copy-of"));
}
