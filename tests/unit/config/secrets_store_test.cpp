// `secrets: {store: ...}`: decoding, its default, inheritance along
// `extends`, and every way it can disagree with the target.
#include <doctest/doctest.h>

#include "temp_project.hpp"

using stackctl::model::SecretStore;
using stackctl::testing::messages;
using stackctl::testing::project_with;

namespace {

const std::string& kGcp = stackctl::testing::kGcpEnvironment;
const std::string& kAws = stackctl::testing::kAwsEnvironment;
const std::string& kDocker = stackctl::testing::kDockerEnvironment;

stackctl::config::LoadedEnvironment load(const std::string& env_yaml, const std::string& env = "local") {
  auto p = project_with({{"environments/" + env + ".yaml", env_yaml}});
  return p.load(env);
}

}  // namespace

TEST_CASE("secrets.store: kubernetes by default") {
  auto l = load(kGcp);
  CHECK(messages(l).empty());
  CHECK(l.env.secret_store == SecretStore::kubernetes);
  auto k = load(kDocker + "secrets: {store: kubernetes}\n");
  CHECK(messages(k).empty());
  CHECK(k.env.secret_store == SecretStore::kubernetes);
}

TEST_CASE("secrets.store: a cloud store on its own cloud") {
  auto g = load(kGcp + "secrets:\n  store: gcp-secret-manager\n");
  CHECK(messages(g).empty());
  CHECK(g.env.secret_store == SecretStore::gcp_secret_manager);
  auto a = load(kAws + "secrets: {store: aws-secrets-manager}\n");
  CHECK(messages(a).empty());
  CHECK(a.env.secret_store == SecretStore::aws_secrets_manager);
}

TEST_CASE("secrets.store: inherited along extends, and overridable") {
  auto p = project_with({{"environments/prod.yaml", kGcp + "secrets: {store: gcp-secret-manager}\n"},
                         {"environments/clinic.yaml", "extends: prod\nnamespace: clinic\n"},
                         {"environments/plain.yaml", "extends: prod\nsecrets: {store: kubernetes}\n"}});
  auto clinic = p.load("clinic");
  CHECK(messages(clinic).empty());
  CHECK(clinic.env.secret_store == SecretStore::gcp_secret_manager);
  auto plain = p.load("plain");
  CHECK(messages(plain).empty());
  CHECK(plain.env.secret_store == SecretStore::kubernetes);
}

TEST_CASE("secrets.store: must match the target") {
  CHECK_ONLY_ERROR(load(kDocker + "secrets:\n  store: gcp-secret-manager\n"),
                   "environments/local.yaml:5:10: secrets.store: store \"gcp-secret-manager\" needs a gcp target, not "
                   "docker; use \"kubernetes\"");
  CHECK_ONLY_ERROR(load(kAws + "secrets:\n  store: gcp-secret-manager\n"),
                   "environments/local.yaml:7:10: secrets.store: store \"gcp-secret-manager\" needs a gcp target, not "
                   "aws; use \"kubernetes\" or \"aws-secrets-manager\"");
  CHECK_ONLY_ERROR(load(kGcp + "secrets:\n  store: aws-secrets-manager\n"),
                   "environments/local.yaml:7:10: secrets.store: store \"aws-secrets-manager\" needs an aws target, "
                   "not gcp; use \"kubernetes\" or \"gcp-secret-manager\"");
  CHECK_ONLY_ERROR(load(kDocker + "secrets: {store: aws-secrets-manager}\n"),
                   "environments/local.yaml:4:18: secrets.store: store \"aws-secrets-manager\" needs an aws target, "
                   "not docker; use \"kubernetes\"");
}

TEST_CASE("secrets.store: the cloud identity must be a valid name there") {
  CHECK_ONLY_ERROR(load("stack: shop\ntarget: {kind: aws, region: eu-west-1}\nsecrets: {store: aws-secrets-manager}\n"),
                   "environments/local.yaml:3:18: secrets.store: store \"aws-secrets-manager\" needs target.account "
                   "(the AWS account id of the pods' IAM role)");
  auto p = project_with(
      {{"environments/a-very-long-environment-name.yaml", kGcp + "secrets: {store: gcp-secret-manager}\n"}});
  CHECK_ONLY_ERROR(p.load("a-very-long-environment-name"),
                   "environments/a-very-long-environment-name.yaml:6:18: secrets.store: the pods' GCP service account "
                   "\"shop-a-very-long-environment-name\" (<stack>-<environment>) must be 6 to 30 characters long, it "
                   "has 33");
}

TEST_CASE("secrets: unknown values and keys") {
  CHECK_ONLY_ERROR(load(kGcp + "secrets: {store: vault}\n"),
                   "environments/local.yaml:6:18: secrets.store: unknown value \"vault\", expected one of: kubernetes, "
                   "gcp-secret-manager, aws-secrets-manager");
  CHECK_ONLY_ERROR(load(kGcp + "secrets:\n  stroe: gcp-secret-manager\n"),
                   "environments/local.yaml:7:3: secrets.stroe: unknown key \"stroe\" (did you mean \"store\"?)");
  CHECK_ONLY_ERROR(load(kGcp + "secrets: gcp-secret-manager\n"),
                   "environments/local.yaml:6:10: secrets: expected a map, got \"gcp-secret-manager\"");
  CHECK_ONLY_ERROR(load(kGcp + "secret: {store: gcp-secret-manager}\n"),
                   "environments/local.yaml:6:1: secret: unknown key \"secret\" (did you mean \"secrets\"?)");
}

TEST_CASE("secrets.store: no echo of a broken target") {
  auto l = load("stack: shop\ntarget: {kind: gpc}\nsecrets: {store: gcp-secret-manager}\n");
  auto all = messages(l);
  REQUIRE(all.size() == 1);
  CHECK(all[0].find("target.kind: unknown value \"gpc\"") != std::string::npos);
}
