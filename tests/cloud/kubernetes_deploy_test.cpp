// targets::cloud::deploy_kubernetes end to end on a one-service project:
// kubectl and gcloud replayed from recorded transcripts (no cluster, no GCP
// account here; the stub checks every argv, in order), the aws CLI for real
// against moto_server (STACKCTL_MOTO_ENDPOINT, set by run.sh). What is
// checked: the order of the steps, what went to each tool's stdin, the
// Secret applied on GCP with the cloud's generated value, a copy uploading
// nothing, the CSI driver check on AWS, the values that reached Secrets
// Manager, and the pod template's secrets digest changing with a value.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <optional>

#include "clients/process.hpp"
#include "config/temp_project.hpp"
#include "scoped_env.hpp"
#include "targets/cloud/kubernetes_deploy.hpp"
#include "transcript.hpp"

using nlohmann::json;
using stackctl::testing::ScopedEnv;
using stackctl::testing::TempProject;
using stackctl::testing::Transcript;
namespace tc = stackctl::targets::cloud;

namespace {

const char* kService =
    "image: nginx:1.25\n"
    "ports:\n"
    "  - {name: http, port: 8080}\n"
    "env:\n"
    "  DB_PASSWORD: ${secret:web-db-password}\n"
    "  CACHE_PASSWORD: ${secret:cache-password}\n";

TempProject project(const std::string& environment) {
  return TempProject({{"environments/prod.yaml", environment}, {"services/web/service.yaml", kService}});
}

struct Deploy {
  stackctl::config::LoadedEnvironment loaded;
  std::vector<stackctl::config::TemplateFile> templates;
  tc::InfrastructureOutputs outputs;
  tc::Workspace workspace;
};

Deploy prepare(const TempProject& p) {
  Deploy d{p.load("prod"), {}, {}, tc::workspace_for(p.root(), "prod")};
  REQUIRE(d.loaded.diags.empty());
  std::filesystem::create_directories(d.workspace.kubeconfig.parent_path());
  return d;
}

std::vector<std::string> run(const Deploy& d, const std::map<std::string, std::string>& secrets,
                             std::vector<std::string>& notes) {
  return tc::deploy_kubernetes({d.loaded.env, d.loaded.scope, d.templates, {}, d.outputs, secrets, d.workspace},
                               [&](const std::string& line) { notes.push_back(line); });
}

std::map<std::string, std::string> transcript_env(const Transcript& t, const Deploy& d) {
  auto env = t.env();
  env["KUBECONFIG"] = std::filesystem::absolute(d.workspace.kubeconfig).string();
  env["STACKCTL_TRANSCRIPT_WORK"] = d.workspace.kubernetes_dir.string();
  return env;
}

/// The secrets digest on the pod template of the Deployment `web` as applied.
std::string secrets_digest(const Deploy& d) {
  std::ifstream in(d.workspace.kubernetes_dir / "kubernetes/services/web/deployment.json");
  return json::parse(in)["spec"]["template"]["metadata"]["annotations"].value("stackctl.dev/secrets-digest", "");
}

std::optional<std::string> moto() {
  const char* e = std::getenv("STACKCTL_MOTO_ENDPOINT");
  if (!e || !*e) return std::nullopt;
  return std::string(e);
}

}  // namespace

TEST_CASE("deploy transcript: gcp-secret-manager uploads, then applies the Secret with the cloud's generated value") {
  auto p = project(
      "stack: shop\n"
      "target: {kind: gcp, project: shop-prod, region: europe-west1}\n"
      "secrets: {store: gcp-secret-manager}\n");
  Deploy d = prepare(p);
  d.outputs.generated_secrets = {{"cache-password", "auth-string-from-memorystore"}};
  Transcript t("kubectl", "deploy_gcp_secret_manager");
  t.add_tool("gcloud");
  ScopedEnv env(transcript_env(t, d));

  std::vector<std::string> notes;
  const auto workloads = run(d, {{"web-db-password", "stored-db-pw-1"}, {"cache-password", "stored-but-stale"}}, notes);
  CHECK(workloads == std::vector<std::string>{"deployment/web"});
  CHECK(t.calls_made() == t.recorded_calls());

  CHECK(json::parse(t.stdin_of(0))["metadata"]["name"] == "prod");
  // The entry that exists gets a new version, with the generated value.
  CHECK(t.stdin_of(1) == "auth-string-from-memorystore");
  CHECK(t.stdin_of(2) == "auth-string-from-memorystore");
  CHECK(t.stdin_of(3) == "stored-db-pw-1");
  // No CSI driver on GKE: the deploy applies the Secret the pods read.
  const json secret = json::parse(t.stdin_of(4));
  CHECK(secret["kind"] == "Secret");
  CHECK(secret["metadata"]["name"] == "stackctl-secrets");
  CHECK(secret["stringData"] ==
        json({{"cache-password", "auth-string-from-memorystore"}, {"web-db-password", "stored-db-pw-1"}}));
  CHECK(json::parse(t.stdin_of(5))["metadata"]["name"] == "stackctl-infrastructure");
  // What was applied from the workspace: no SecretProviderClass, no CSI volume.
  CHECK_FALSE(std::filesystem::exists(d.workspace.kubernetes_dir / "kubernetes/secretproviderclass.json"));
  CHECK(secrets_digest(d).size() == 16);
  for (const auto& note : notes) CHECK(note.find("stored-db-pw-1") == std::string::npos);
  CHECK(std::find(notes.begin(), notes.end(), "secret cache-password -> shop-prod-cache-password") != notes.end());
  CHECK(std::find(notes.begin(), notes.end(), "deployment/web rolled out") != notes.end());
}

TEST_CASE("deploy transcript: a copy uploads nothing and applies the Secret, on either cloud") {
  const std::map<std::string, std::string> environments = {
      {"gcloud",
       "stack: shop\n"
       "target: {kind: gcp, project: shop-prod, region: europe-west1}\n"
       "secrets: {store: gcp-secret-manager}\n"},
      {"aws",
       "stack: shop\n"
       "target: {kind: aws, region: eu-west-1, account: \"123456789012\", endpoint: \"http://127.0.0.1:9\"}\n"
       "secrets: {store: aws-secrets-manager}\n"}};
  for (const auto& [cloud_cli, environment] : environments) {
    CAPTURE(cloud_cli);
    auto p = project(environment);
    Deploy d{p.load("prod", {}, "pr-1"), {}, {}, tc::workspace_for(p.root(), "prod-pr-1")};
    REQUIRE(d.loaded.diags.empty());
    REQUIRE(d.loaded.env.copy);
    d.outputs.generated_secrets = {{"cache-password", "the-copy's-own-auth-string"}};
    Transcript t("kubectl", "deploy_copy");
    t.add_tool(cloud_cli);  // any gcloud/aws call would be an extra call: the stub refuses it
    ScopedEnv env(transcript_env(t, d));
    std::vector<std::string> notes;
    CHECK(run(d, {{"web-db-password", "parent-db-pw"}, {"cache-password", "parent-cache-pw"}}, notes) ==
          std::vector<std::string>{"deployment/web"});
    CHECK(t.calls_made() == t.recorded_calls());
    CHECK(std::find(notes.begin(), notes.end(), "a copy never writes the secret entries of prod: nothing uploaded") !=
          notes.end());
    // The copy's pods get the copy's own generated value.
    CHECK(json::parse(t.stdin_of(1))["stringData"] ==
          json({{"cache-password", "the-copy's-own-auth-string"}, {"web-db-password", "parent-db-pw"}}));
    CHECK_FALSE(std::filesystem::exists(d.workspace.kubernetes_dir / "kubernetes/secretproviderclass.json"));
  }
}

TEST_CASE("deploy transcript: aws-secrets-manager on a cluster without the CSI driver stops before any upload") {
  auto p = project(
      "stack: shop\n"
      "target: {kind: aws, region: eu-west-1, account: \"123456789012\", endpoint: \"http://127.0.0.1:9\"}\n"
      "secrets: {store: aws-secrets-manager}\n");
  Deploy d = prepare(p);
  Transcript t("kubectl", "deploy_aws_no_csi_driver");
  t.add_tool("aws");  // any aws call would be an extra call: the stub refuses it
  ScopedEnv env(transcript_env(t, d));
  std::vector<std::string> notes;
  CHECK_THROWS_WITH(run(d, {{"web-db-password", "pw"}, {"cache-password", "pw2"}}, notes),
                    "the cluster has no Secrets Store CSI driver (CSIDriver secrets-store.csi.k8s.io), which "
                    "secrets.store aws-secrets-manager needs: install it and the AWS provider with secret sync "
                    "enabled (docs/targets/aws.md, \"Secrets\"), then run up again");
  CHECK(t.calls_made() == 2);
  CHECK(notes == std::vector<std::string>{"namespace/prod serverside-applied"});
}

TEST_CASE("deploy transcript + aws real (moto): aws-secrets-manager uploads create, then update, the entries") {
  // Three deploys: new entries; one value changed; nothing changed.
  const auto endpoint = moto();
  if (!endpoint) {
    MESSAGE("STACKCTL_MOTO_ENDPOINT not set (run through run.sh): skipped");
    return;
  }
  auto p = project(
      "stack: shop\n"
      "target: {kind: aws, region: eu-west-1, account: \"123456789012\", endpoint: \"" +
      *endpoint +
      "\"}\n"
      "secrets: {store: aws-secrets-manager}\n");
  Deploy d = prepare(p);
  Transcript t("kubectl", "deploy_aws_secrets_manager");
  auto vars = transcript_env(t, d);
  vars["AWS_ACCESS_KEY_ID"] = "testing";
  vars["AWS_SECRET_ACCESS_KEY"] = "testing";
  vars["AWS_CONFIG_FILE"] = (p.root() / "no-aws-config").string();
  vars["AWS_SHARED_CREDENTIALS_FILE"] = (p.root() / "no-aws-credentials").string();
  ScopedEnv env(vars);

  const auto secret_value = [&](const std::string& entry) {
    stackctl::clients::ProcessSpec spec;
    spec.argv = {"aws",      "secretsmanager", "get-secret-value", "--secret-id", entry, "--region", "eu-west-1",
                 "--output", "json",           "--endpoint-url",   *endpoint};
    return json::parse(stackctl::clients::run_checked(spec).out)["SecretString"].get<std::string>();
  };
  std::vector<std::string> notes;
  CHECK(run(d, {{"web-db-password", "first-db-pw"}, {"cache-password", "first-cache-pw"}}, notes) ==
        std::vector<std::string>{"deployment/web"});
  CHECK(secret_value("shop-prod-web-db-password") == "first-db-pw");
  CHECK(secret_value("shop-prod-cache-password") == "first-cache-pw");
  const std::string first_digest = secrets_digest(d);
  CHECK(first_digest.size() == 16);
  // A second deploy finds the entries and puts new values; the changed value
  // changes the pod template, so the Deployment rolls.
  run(d, {{"web-db-password", "second-db-pw"}, {"cache-password", "first-cache-pw"}}, notes);
  CHECK(secret_value("shop-prod-web-db-password") == "second-db-pw");
  CHECK(secrets_digest(d).size() == 16);
  const std::string second_digest = secrets_digest(d);
  CHECK(second_digest != first_digest);
  // The same values again: the same pod template, nothing rolls.
  run(d, {{"web-db-password", "second-db-pw"}, {"cache-password", "first-cache-pw"}}, notes);
  CHECK(secrets_digest(d) == second_digest);
  CHECK(t.calls_made() == t.recorded_calls());
  // The CSI driver syncs the Secret on AWS: stackctl applied none.
  for (size_t i : {0, 2, 5, 7, 10, 12}) CHECK(t.stdin_of(i).find("\"Secret\"") == std::string::npos);
  CHECK(std::filesystem::exists(d.workspace.kubernetes_dir / "kubernetes/secretproviderclass.json"));
}
