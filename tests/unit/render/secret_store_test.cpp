// Cloud secret stores in the render: with aws-secrets-manager the
// SecretProviderClass and the CSI volume in every pod that reads a secret;
// with gcp-secret-manager, or on a copy, neither (the deploy applies the
// Secret); workload identity on the ServiceAccounts of both clouds but not on
// a copy; none of it with the kubernetes store.
#include <doctest/doctest.h>

#include "documents.hpp"
#include "render/kubernetes.hpp"
#include "sample_environment.hpp"

using nlohmann::json;
using stackctl::model::SecretStore;
using stackctl::render::Document;

namespace {

stackctl::model::Environment with_store(SecretStore store) {
  auto env = stackctl::test::sample_environment();
  env.secret_store = store;
  if (store == SecretStore::aws_secrets_manager) {
    env.target.kind = stackctl::model::TargetKind::aws;
    env.target.region = "eu-west-1";
    env.target.account = "123456789012";
  } else {
    env.target.kind = stackctl::model::TargetKind::gcp;
    env.target.project = "loopstock-staging";
    env.target.region = "europe-west1";
  }
  return env;
}

std::vector<Document> render(const stackctl::model::Environment& env) {
  return stackctl::render::render_kubernetes(env, {});
}

using stackctl::test::find;
using stackctl::test::get;

/// Services read the CSI files at its usual path, dependencies at /run/secrets.
bool mounts_secrets(const json& pod, const std::string& path = "/var/run/secrets/stackctl") {
  bool volume = false;
  for (const auto& v : pod["volumes"])
    if (v["name"] == "stackctl-secrets") {
      CHECK(v["csi"] == json({{"driver", "secrets-store.csi.k8s.io"},
                              {"readOnly", true},
                              {"volumeAttributes", {{"secretProviderClass", "stackctl-secrets"}}}}));
      volume = true;
    }
  int mounted = 0;
  for (const auto& c : pod["containers"])
    for (const auto& m : c["volumeMounts"])
      if (m["name"] == "stackctl-secrets") {
        CHECK(m["mountPath"] == path);
        CHECK(m["readOnly"] == true);
        ++mounted;
      }
  CHECK(mounted == (volume ? static_cast<int>(pod["containers"].size()) : 0));
  return volume;
}

const json& pod_of(const std::vector<Document>& docs, const std::string& path) {
  return get(docs, path)["spec"]["template"]["spec"];
}

}  // namespace

TEST_CASE("secret store kubernetes: no provider class, no CSI volume, no identity") {
  const auto docs = render(stackctl::test::sample_environment());
  CHECK(find(docs, "kubernetes/secretproviderclass.yaml") == nullptr);
  for (const auto& d : docs) {
    CAPTURE(d.path);
    CHECK(d.body.dump().find("secrets-store") == std::string::npos);
    CHECK_FALSE(d.body["metadata"].contains("annotations"));
  }
}

TEST_CASE("secret store gcp-secret-manager: no CSI objects; secretKeyRefs of the Secret the deploy applies") {
  // GKE Autopilot cannot run the Secrets Store CSI driver, and GKE's managed
  // add-on syncs no Secret: the cloud deploy applies stackctl-secrets itself.
  const auto docs = render(with_store(SecretStore::gcp_secret_manager));
  CHECK(find(docs, "kubernetes/secretproviderclass.yaml") == nullptr);
  for (const auto& d : docs) {
    CAPTURE(d.path);
    CHECK(d.body.dump().find("secrets-store") == std::string::npos);
    CHECK(d.body["kind"] != "Secret");
  }
  CHECK_FALSE(mounts_secrets(pod_of(docs, "kubernetes/services/api/deployment.yaml")));
  CHECK(find(docs, "kubernetes/dependencies/queue/serviceaccount.yaml") == nullptr);
  CHECK(get(docs, "kubernetes/services/api/deployment.yaml")
            .dump()
            .find(R"({"secretKeyRef":{"key":"rates-db-password","name":"stackctl-secrets"}})") != std::string::npos);
}

TEST_CASE("secret store aws-secrets-manager: the SecretProviderClass lists every secret used, by name") {
  const auto docs = render(with_store(SecretStore::aws_secrets_manager));
  const json& spc = get(docs, "kubernetes/secretproviderclass.yaml");
  CHECK(spc["apiVersion"] == "secrets-store.csi.x-k8s.io/v1");
  CHECK(spc["kind"] == "SecretProviderClass");
  CHECK(spc["metadata"]["name"] == "stackctl-secrets");
  CHECK(spc["metadata"]["namespace"] == "loopstock-staging");
  CHECK(spc["spec"]["provider"] == "aws");
  // rates-db-password, queue-password (services); cache, orders-db, queue, users-db (dependencies).
  const std::vector<std::string> names = {"cache-password", "orders-db-password", "queue-password", "rates-db-password",
                                          "users-db-password"};
  std::string expected;
  for (const auto& n : names)
    expected += "- objectName: \"loopstock-staging-" + n + "\"\n  objectType: \"secretsmanager\"\n  objectAlias: \"" +
                n + "\"\n";
  CHECK(spc["spec"]["parameters"] == json({{"objects", expected}, {"region", "eu-west-1"}}));
  const json& synced = spc["spec"]["secretObjects"];
  REQUIRE(synced.size() == 1);
  CHECK(synced[0]["secretName"] == "stackctl-secrets");
  CHECK(synced[0]["type"] == "Opaque");
  REQUIRE(synced[0]["data"].size() == names.size());
  for (size_t i = 0; i < names.size(); ++i)
    CHECK(synced[0]["data"][i] == json({{"objectName", names[i]}, {"key", names[i]}}));
}

TEST_CASE("secret store aws-secrets-manager: pods that read a secret mount the CSI volume") {
  const auto docs = render(with_store(SecretStore::aws_secrets_manager));
  CHECK(mounts_secrets(pod_of(docs, "kubernetes/services/api/deployment.yaml")));
  CHECK(mounts_secrets(pod_of(docs, "kubernetes/services/rates/deployment.yaml")));
  CHECK_FALSE(mounts_secrets(pod_of(docs, "kubernetes/services/worker/deployment.yaml")));  // no secret
  for (const char* dep : {"cache", "orders-db", "queue", "users-db"}) {
    CAPTURE(dep);
    const std::string dir = std::string("kubernetes/dependencies/") + dep + "/";
    const json& pod = pod_of(docs, dir + "statefulset.yaml");
    CHECK(mounts_secrets(pod, "/run/secrets"));
    CHECK(pod["serviceAccountName"] == dep);
    const json& sa = get(docs, dir + "serviceaccount.yaml");
    CHECK(sa["automountServiceAccountToken"] == false);
    CHECK(sa["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] ==
          "arn:aws:iam::123456789012:role/loopstock-staging");
  }
  // The init container only copies configuration: it gets no mount.
  const json& queue = pod_of(docs, "kubernetes/dependencies/queue/statefulset.yaml");
  CHECK(queue["initContainers"][0]["volumeMounts"].size() == 1);
}

TEST_CASE("secret store: every ServiceAccount gets the workload identity") {
  const auto count = [](const std::vector<Document>& docs, const json& annotations) {
    int accounts = 0;
    for (const auto& d : docs) {
      if (d.body["kind"] != "ServiceAccount") continue;
      CAPTURE(d.path);
      ++accounts;
      CHECK(d.body["metadata"]["annotations"] == annotations);
    }
    return accounts;
  };
  // GCP: api, rates, worker (dependencies read the applied Secret, no identity needed).
  CHECK(count(render(with_store(SecretStore::gcp_secret_manager)),
              {{"iam.gke.io/gcp-service-account", "loopstock-staging@loopstock-staging.iam.gserviceaccount.com"}}) ==
        3);
  // AWS: also cache, orders-db, queue, users-db, whose pods mount the CSI volume.
  CHECK(count(render(with_store(SecretStore::aws_secrets_manager)),
              {{"eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/loopstock-staging"}}) == 7);
}

TEST_CASE("secret store: a copy gets no CSI objects and no identity, and no value is rendered") {
  // A copy has no identity the parent's entries trust (on AWS not even the
  // same cluster): its deploy applies the Secret from the parent's file.
  for (const SecretStore store : {SecretStore::aws_secrets_manager, SecretStore::gcp_secret_manager}) {
    auto env = with_store(store);
    env.copy = stackctl::model::Copy{"pr-1", "staging", "72h"};
    env.namespace_name = "loopstock-staging-pr-1";
    CHECK_FALSE(stackctl::render::kubernetes_secrets_through_csi(env));
    const auto docs = render(env);
    CHECK(find(docs, "kubernetes/secretproviderclass.yaml") == nullptr);
    CHECK(find(docs, "kubernetes/dependencies/queue/serviceaccount.yaml") == nullptr);
    for (const auto& d : docs) {
      CAPTURE(d.path);
      CHECK(d.body["kind"] != "Secret");
      CHECK(d.body.dump().find("secrets-store") == std::string::npos);
      if (d.body["kind"] == "ServiceAccount") CHECK_FALSE(d.body["metadata"].contains("annotations"));
    }
  }
}

TEST_CASE("secret store: no secret used, no provider class") {
  auto env = with_store(SecretStore::aws_secrets_manager);
  env.dependencies.clear();
  env.services.erase(env.services.begin(), env.services.begin() + 2);  // keep worker
  const auto docs = render(env);
  CHECK(find(docs, "kubernetes/secretproviderclass.yaml") == nullptr);
  CHECK_FALSE(mounts_secrets(pod_of(docs, "kubernetes/services/worker/deployment.yaml")));
}
