// The argv and environment each driver gives its tool, seen by a recording
// stand-in binary (tests/unit/cloud/recording_stub.hpp): terraform, gcloud,
// aws and kubectl, word for word.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>

#include "clients/aws_cli.hpp"
#include "clients/gcloud.hpp"
#include "clients/kubectl.hpp"
#include "clients/terraform.hpp"
#include "recording_stub.hpp"

using namespace stackctl::clients;
using stackctl::testing::RecordingStub;
using stackctl::testing::TempDir;
using V = std::vector<std::string>;

TEST_CASE("terraform argv: init, plan, show, apply, output; automation environment; secrets only in env") {
  TempDir module;
  RecordingStub tf("terraform", R"({"format_version":"1.2","resource_changes":[]})");
  TerraformOptions o;
  o.binary = tf.binary.string();
  o.secret_env["TF_VAR_password"] = "s3cret-pw";
  Terraform t(module.path, o);

  t.init({{"bucket", "b1"}, {"prefix", "env/x"}});
  CHECK(tf.argv() == V{"init", "-input=false", "-no-color", "-backend-config=bucket=b1", "-backend-config=prefix=env/x"});
  CHECK(tf.env_has("TF_IN_AUTOMATION=1"));
  CHECK(tf.env_has("TF_INPUT=0"));
  CHECK(tf.env_has("TF_VAR_password=s3cret-pw"));
  CHECK(tf.read("pwd") == std::filesystem::canonical(module.path).string() + "\n");
  CHECK_FALSE(std::filesystem::exists(module.path / ".stackctl-terraformrc"));

  auto p = t.plan("x.tfplan", true);
  CHECK(tf.argv() == V{"plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=x.tfplan", "-destroy"});
  CHECK_FALSE(p.has_changes);
  t.show("x.tfplan");
  CHECK(tf.argv() == V{"show", "-json", "-no-color", "x.tfplan"});
  t.apply("x.tfplan");
  CHECK(tf.argv() == V{"apply", "-input=false", "-no-color", "-auto-approve", "x.tfplan"});
  for (const auto& word : tf.argv()) CHECK(word.find("s3cret-pw") == std::string::npos);
}

TEST_CASE("terraform: no mirror leaves the user's CLI config alone; a mirror gets its own") {
  TempDir module, mirror;
  RecordingStub tf("terraform");
  const char* before = std::getenv("TF_CLI_CONFIG_FILE");
  const std::string saved = before ? before : "";
  ::setenv("TF_CLI_CONFIG_FILE", "/users/own/terraformrc", 1);
  {
    Terraform t(module.path, TerraformOptions{tf.binary.string(), std::nullopt, {}, {}, {}});
    t.init();
    CHECK(tf.env_has("TF_CLI_CONFIG_FILE=/users/own/terraformrc"));
  }
  Terraform t(module.path, TerraformOptions{tf.binary.string(), mirror.path, {}, {}, {}});
  t.init();
  auto rc = module.path / ".stackctl-terraformrc";
  CHECK(tf.env_has("TF_CLI_CONFIG_FILE=" + rc.string()));
  std::ifstream in(rc);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text.find("filesystem_mirror {\n    path    = \"" + mirror.path.string() + "\"") != std::string::npos);
  CHECK(text.find("direct") == std::string::npos);
  CHECK(mirror_cli_config("/a/\"q\"/${x}") .find(R"(path    = "/a/\"q\"/$${x}")") != std::string::npos);
  if (before)
    ::setenv("TF_CLI_CONFIG_FILE", saved.c_str(), 1);
  else
    ::unsetenv("TF_CLI_CONFIG_FILE");
}

TEST_CASE("terraform plan: exit 2 means changes") {
  TempDir module;
  RecordingStub tf("terraform", "", 2);
  Terraform t(module.path, TerraformOptions{tf.binary.string(), std::nullopt, {}, {}, {}});
  CHECK(t.plan("p").has_changes);
}

TEST_CASE("terraform output values") {
  auto v = output_values(nlohmann::json::parse(
      R"({"url":{"sensitive":false,"type":"string","value":"https://x"},"n":{"sensitive":false,"type":"number","value":3}})"));
  CHECK(v == nlohmann::json{{"url", "https://x"}, {"n", 3}});
}

TEST_CASE("gcloud argv: get-credentials into a private kubeconfig, access token") {
  RecordingStub g("gcloud", "ya29.token-value\n");
  TempDir home;
  auto kubeconfig = home.path / "state" / "kube" / "config";
  Gcloud gcloud(GcloudOptions{g.binary.string(), {}});
  gcloud.get_credentials("c1", "europe-west1", "proj-1", kubeconfig);
  CHECK(g.argv() == V{"container", "clusters", "get-credentials", "c1", "--location", "europe-west1", "--project", "proj-1"});
  CHECK(g.env_has("KUBECONFIG=" + kubeconfig.string()));
  CHECK(g.env_has("CLOUDSDK_CORE_DISABLE_PROMPTS=1"));
  struct stat st;
  REQUIRE(::stat(kubeconfig.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat(kubeconfig.parent_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);

  CHECK(gcloud.access_token() == "ya29.token-value");
  CHECK(g.argv() == V{"auth", "print-access-token"});
}

TEST_CASE("aws argv: ecr password and update-kubeconfig, with and without an endpoint") {
  RecordingStub a("aws", "pw\n");
  TempDir home;
  AwsCli aws(AwsCliOptions{a.binary.string(), {}, {}});
  CHECK(aws.ecr_password("eu-west-1") == "pw");
  CHECK(a.argv() == V{"ecr", "get-login-password", "--region", "eu-west-1"});
  CHECK(a.env_has("AWS_PAGER="));
  auto kc = home.path / "k" / "config";
  aws.update_kubeconfig("c1", "eu-west-1", kc, std::string("http://127.0.0.1:5000"));
  CHECK(a.argv() ==
        V{"eks", "update-kubeconfig", "--name", "c1", "--region", "eu-west-1", "--kubeconfig", kc.string(),
          "--endpoint-url", "http://127.0.0.1:5000"});
  struct stat st;
  REQUIRE(::stat(kc.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("kubectl argv: every call has --kubeconfig; apply, rollout, delete; stdin for secrets") {
  RecordingStub k("kubectl");
  TempDir home;
  Kubectl kubectl(KubectlOptions{k.binary.string(), home.path / "kc", std::string("ctx"), {}, {}});
  const V base = {"--kubeconfig", (home.path / "kc").string(), "--context", "ctx"};
  auto with = [&](V rest) {
    V v = base;
    v.insert(v.end(), rest.begin(), rest.end());
    return v;
  };

  kubectl.apply_server_side({"/r/k8s"}, "ns1", "stackctl-app-prod");
  CHECK(k.argv() == with({"apply", "--server-side", "--field-manager=stackctl", "--force-conflicts", "--prune",
                          "--applyset=configmaps/stackctl-app-prod", "--namespace", "ns1", "-f", "/r/k8s",
                          "--recursive"}));
  CHECK(k.env_has("KUBECTL_APPLYSET=true"));

  kubectl.rollout_status("deployment/api", "ns1", std::chrono::seconds(120));
  CHECK(k.argv() == with({"rollout", "status", "deployment/api", "--namespace", "ns1", "--timeout=120s"}));

  kubectl.delete_workloads("ns1", instance_selector("app-prod"));
  CHECK(k.argv() ==
        with({"delete",
              "serviceaccounts,configmaps,services,deployments.apps,statefulsets.apps,networkpolicies.networking.k8s.io,"
              "ingresses.networking.k8s.io,horizontalpodautoscalers.autoscaling,poddisruptionbudgets.policy",
              "--namespace", "ns1", "-l", "app.kubernetes.io/managed-by=stackctl,stackctl.dev/environment=app-prod",
              "--ignore-not-found", "--wait=true"}));

  nlohmann::json secret = {{"apiVersion", "v1"}, {"kind", "Secret"},
                           {"metadata", {{"name", "s"}, {"namespace", "ns1"}}},
                           {"stringData", {{"DB_PASSWORD", "pa55-word-xyz"}}}};
  kubectl.apply_stdin(secret);
  CHECK(k.argv() == with({"apply", "--server-side", "--field-manager=stackctl", "--force-conflicts", "-f", "-"}));
  CHECK(nlohmann::json::parse(k.read("stdin")) == secret);
  for (const auto& w : k.argv()) CHECK(w.find("pa55") == std::string::npos);
}

TEST_CASE("kubectl apply_stdin: a Secret value kubectl echoes in an error is masked") {
  TempDir home;
  auto bin = home.write("bin/kubectl", "#!/bin/sh\ncat >&2\nexit 1\n", true);
  Kubectl kubectl(KubectlOptions{bin.string(), home.path / "kc", std::nullopt, {}, {}});
  nlohmann::json secret = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "s"}}},
                           {"data", {{"K", "c2VjcmV0LXZhbHVlLTQy"}}}, {"stringData", {{"P", "pa55-word-xyz"}}}};
  try {
    kubectl.apply_stdin(secret);
    FAIL("no throw");
  } catch (const CommandError& e) {
    std::string m = e.what();
    CHECK(m.find("`" + bin.string() + " --kubeconfig") == 0);
    CHECK(m.find("pa55-word-xyz") == std::string::npos);
    CHECK(m.find("c2VjcmV0LXZhbHVlLTQy") == std::string::npos);
  }
}

TEST_CASE("kubectl needs a kubeconfig path") {
  CHECK_THROWS_AS(Kubectl(KubectlOptions{}), std::invalid_argument);
}
