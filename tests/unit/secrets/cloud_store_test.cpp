// Cloud secret stores: entry and identity names (copies share their
// parent's), the workload identity annotation, the names an environment
// uses, and upload commands that never carry a value in their argv.
#include <doctest/doctest.h>

#include "model/secret_names.hpp"
#include "secrets/cloud_store.hpp"

using stackctl::model::Environment;
using stackctl::model::SecretStore;
using stackctl::model::TargetKind;
using stackctl::model::cloud_entry_name;
using stackctl::secrets::cloud_upload_commands;
using stackctl::model::cloud_workload_identity;

namespace {

Environment gcp_environment() {
  Environment env;
  env.name = "production";
  env.stack = "loopstock";
  env.namespace_name = "loopstock";
  env.target.kind = TargetKind::gcp;
  env.target.project = "loopstock-production";
  env.target.region = "europe-west1";
  env.secret_store = SecretStore::gcp_secret_manager;
  return env;
}

Environment aws_environment() {
  Environment env;
  env.name = "production";
  env.stack = "loopstock";
  env.target.kind = TargetKind::aws;
  env.target.region = "eu-west-1";
  env.target.account = "123456789012";
  env.secret_store = SecretStore::aws_secrets_manager;
  return env;
}

stackctl::model::EnvVar secret_var(const std::string& var, const std::string& secret) {
  return {var, {{{"", stackctl::model::Reference{stackctl::model::Reference::Kind::secret, secret, ""}}}}};
}

}  // namespace

TEST_CASE("cloud_entry_name: <stack>-<environment>-<secret>, a copy uses its parent's") {
  Environment env = gcp_environment();
  CHECK(cloud_entry_name(env, "rates-db-password") == "loopstock-production-rates-db-password");
  env.copy = stackctl::model::Copy{"pr-1", "production", "72h"};
  env.namespace_name = "loopstock-pr-1";
  CHECK(cloud_entry_name(env, "rates-db-password") == "loopstock-production-rates-db-password");
  CHECK(stackctl::model::cloud_identity_name(env) == "loopstock-production");
}

TEST_CASE("cloud_workload_identity: the annotation of each cloud") {
  auto gcp = cloud_workload_identity(gcp_environment());
  CHECK(gcp.annotation == "iam.gke.io/gcp-service-account");
  CHECK(gcp.value == "loopstock-production@loopstock-production.iam.gserviceaccount.com");
  auto aws = cloud_workload_identity(aws_environment());
  CHECK(aws.annotation == "eks.amazonaws.com/role-arn");
  CHECK(aws.value == "arn:aws:iam::123456789012:role/loopstock-production");
  Environment plain = gcp_environment();
  plain.secret_store = SecretStore::kubernetes;
  CHECK(cloud_workload_identity(plain).annotation.empty());
}

TEST_CASE("used_secret_names: services and dependencies, sorted and unique") {
  Environment env = gcp_environment();
  stackctl::model::Service api;
  api.name = "api";
  api.env = {secret_var("A", "token"), secret_var("B", "db-password")};
  stackctl::model::Dependency db;
  db.name = "db";
  db.password_secret = "db-password";
  stackctl::model::Dependency data;
  data.name = "data";  // no credentials
  env.services = {api};
  env.dependencies = {data, db};
  CHECK(stackctl::model::used_secret_names(env) == std::vector<std::string>{"db-password", "token"});
}

TEST_CASE("cloud_upload_commands: values go to stdin, never to argv") {
  // Values that would show up in any argv element built from them, including
  // ones that look like flags or hold the entry's own name.
  const std::map<std::string, std::string> values = {
      {"api-token", "--project=evil s3cr3t-Value"},
      {"db-password", "loopstock-production-db-password-XYZ"},
      {"multi-line", "line one\nline two\n"},
  };
  for (const Environment& env : {gcp_environment(), aws_environment()}) {
    const auto commands = cloud_upload_commands(env, values);
    REQUIRE(commands.size() == values.size());
    for (const auto& c : commands) {
      CAPTURE(c.secret);
      const std::string& value = values.at(c.secret);
      CHECK(c.input == value);
      CHECK(c.entry == cloud_entry_name(env, c.secret));
      for (const auto* argv : {&c.create, &c.update}) {
        REQUIRE_FALSE(argv->empty());
        for (const auto& arg : *argv) {
          CAPTURE(arg);
          for (const auto& [name, other] : values) CHECK(arg.find(other) == std::string::npos);
        }
      }
    }
  }
}

TEST_CASE("cloud_upload_commands: the argv of each cloud") {
  const std::map<std::string, std::string> values = {{"db-password", "hunter2-but-longer"}};
  const auto gcp = cloud_upload_commands(gcp_environment(), values);
  REQUIRE(gcp.size() == 1);
  CHECK(gcp[0].create == std::vector<std::string>{"gcloud", "secrets", "create", "loopstock-production-db-password",
                                                  "--project", "loopstock-production", "--replication-policy",
                                                  "automatic", "--data-file=-"});
  CHECK(gcp[0].update == std::vector<std::string>{"gcloud", "secrets", "versions", "add",
                                                  "loopstock-production-db-password", "--project",
                                                  "loopstock-production", "--data-file=-"});
  const auto aws = cloud_upload_commands(aws_environment(), values);
  REQUIRE(aws.size() == 1);
  CHECK(aws[0].create == std::vector<std::string>{"aws", "secretsmanager", "create-secret", "--name",
                                                  "loopstock-production-db-password", "--secret-string",
                                                  "file:///dev/stdin", "--region", "eu-west-1"});
  CHECK(aws[0].update == std::vector<std::string>{"aws", "secretsmanager", "put-secret-value", "--secret-id",
                                                  "loopstock-production-db-password", "--secret-string",
                                                  "file:///dev/stdin", "--region", "eu-west-1"});
  // An emulator endpoint (target.endpoint) goes on every aws argv.
  Environment emulated = aws_environment();
  emulated.target.endpoint = "http://127.0.0.1:5000";
  const auto local = cloud_upload_commands(emulated, values);
  REQUIRE(local.size() == 1);
  for (const auto* argv : {&local[0].create, &local[0].update}) {
    REQUIRE(argv->size() == 11);
    CHECK((*argv)[9] == "--endpoint-url");
    CHECK((*argv)[10] == "http://127.0.0.1:5000");
  }
  Environment plain = gcp_environment();
  plain.secret_store = SecretStore::kubernetes;
  CHECK(cloud_upload_commands(plain, values).empty());
}
