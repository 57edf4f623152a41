// Cloud secret stores in the render: the SecretProviderClass, the CSI volume
// in every pod that reads a secret, workload identity on the ServiceAccounts,
// and nothing of it with the default kubernetes store.
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

bool mounts_secrets(const json& pod) {
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
        CHECK(m["mountPath"] == "/var/run/secrets/stackctl");
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

TEST_CASE("secret store gcp-secret-manager: the SecretProviderClass lists every secret used, by name") {
  const auto docs = render(with_store(SecretStore::gcp_secret_manager));
  const json& spc = get(docs, "kubernetes/secretproviderclass.yaml");
  CHECK(spc["apiVersion"] == "secrets-store.csi.x-k8s.io/v1");
  CHECK(spc["kind"] == "SecretProviderClass");
  CHECK(spc["metadata"]["name"] == "stackctl-secrets");
  CHECK(spc["metadata"]["namespace"] == "loopstock-staging");
  CHECK(spc["spec"]["provider"] == "gcp");
  // rates-db-password, queue-password (services); cache, orders-db, queue, users-db (dependencies).
  const std::vector<std::string> names = {"cache-password", "orders-db-password", "queue-password", "rates-db-password",
                                          "users-db-password"};
  std::string expected;
  for (const auto& n : names)
    expected += "- resourceName: \"projects/loopstock-staging/secrets/loopstock-staging-" + n +
                "/versions/latest\"\n  path: \"" + n + "\"\n";
  CHECK(spc["spec"]["parameters"] == json({{"secrets", expected}}));
  const json& synced = spc["spec"]["secretObjects"];
  REQUIRE(synced.size() == 1);
  CHECK(synced[0]["secretName"] == "stackctl-secrets");
  CHECK(synced[0]["type"] == "Opaque");
  REQUIRE(synced[0]["data"].size() == names.size());
  for (size_t i = 0; i < names.size(); ++i)
    CHECK(synced[0]["data"][i] == json({{"objectName", names[i]}, {"key", names[i]}}));
}

TEST_CASE("secret store aws-secrets-manager: objects and region") {
  const auto docs = render(with_store(SecretStore::aws_secrets_manager));
  const json& spc = get(docs, "kubernetes/secretproviderclass.yaml");
  CHECK(spc["spec"]["provider"] == "aws");
  CHECK(spc["spec"]["parameters"]["region"] == "eu-west-1");
  const std::string objects = spc["spec"]["parameters"]["objects"];
  CHECK(objects.rfind(
            "- objectName: \"loopstock-staging-cache-password\"\n  objectType: \"secretsmanager\"\n  objectAlias: "
            "\"cache-password\"\n",
            0) == 0);
  CHECK(spc["spec"]["secretObjects"][0]["data"].size() == 5);
  CHECK(get(docs, "kubernetes/services/api/serviceaccount.yaml")["metadata"]["annotations"] ==
        json({{"eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/loopstock-staging"}}));
}

TEST_CASE("secret store gcp-secret-manager: pods that read a secret mount the CSI volume") {
  const auto docs = render(with_store(SecretStore::gcp_secret_manager));
  CHECK(mounts_secrets(pod_of(docs, "kubernetes/services/api/deployment.yaml")));
  CHECK(mounts_secrets(pod_of(docs, "kubernetes/services/rates/deployment.yaml")));
  CHECK_FALSE(mounts_secrets(pod_of(docs, "kubernetes/services/worker/deployment.yaml")));  // no secret
  for (const char* dep : {"cache", "orders-db", "queue", "users-db"}) {
    CAPTURE(dep);
    const std::string dir = std::string("kubernetes/dependencies/") + dep + "/";
    const json& pod = pod_of(docs, dir + "statefulset.yaml");
    CHECK(mounts_secrets(pod));
    CHECK(pod["serviceAccountName"] == dep);
    const json& sa = get(docs, dir + "serviceaccount.yaml");
    CHECK(sa["automountServiceAccountToken"] == false);
    CHECK(sa["metadata"]["annotations"]["iam.gke.io/gcp-service-account"] ==
          "loopstock-staging@loopstock-staging.iam.gserviceaccount.com");
  }
  // The init container only copies configuration: it gets no mount.
  const json& queue = pod_of(docs, "kubernetes/dependencies/queue/statefulset.yaml");
  CHECK(queue["initContainers"][0]["volumeMounts"].size() == 1);
}

TEST_CASE("secret store gcp-secret-manager: every ServiceAccount gets the workload identity") {
  const auto docs = render(with_store(SecretStore::gcp_secret_manager));
  int accounts = 0;
  for (const auto& d : docs) {
    if (d.body["kind"] != "ServiceAccount") continue;
    CAPTURE(d.path);
    ++accounts;
    CHECK(d.body["metadata"]["annotations"] ==
          json({{"iam.gke.io/gcp-service-account", "loopstock-staging@loopstock-staging.iam.gserviceaccount.com"}}));
  }
  CHECK(accounts == 7);  // api, rates, worker; cache, orders-db, queue, users-db
}

TEST_CASE("secret store: a copy reads its parent's entries, and no value is rendered") {
  auto env = with_store(SecretStore::gcp_secret_manager);
  env.copy = stackctl::model::Copy{"pr-1", "staging", "72h"};
  env.namespace_name = "loopstock-staging-pr-1";
  const auto docs = render(env);
  const std::string secrets = get(docs, "kubernetes/secretproviderclass.yaml")["spec"]["parameters"]["secrets"];
  CHECK(secrets.find("/secrets/loopstock-staging-rates-db-password/") != std::string::npos);
  CHECK(secrets.find("pr-1") == std::string::npos);
  for (const auto& d : docs) CHECK(d.body["kind"] != "Secret");
}

TEST_CASE("secret store: no secret used, no provider class") {
  auto env = with_store(SecretStore::gcp_secret_manager);
  env.dependencies.clear();
  env.services.erase(env.services.begin(), env.services.begin() + 2);  // keep worker
  const auto docs = render(env);
  CHECK(find(docs, "kubernetes/secretproviderclass.yaml") == nullptr);
  CHECK_FALSE(mounts_secrets(pod_of(docs, "kubernetes/services/worker/deployment.yaml")));
}
