// `state:` (Terraform state of cloud environments), `target.endpoint` and
// `target.secrets_encryption_key`: defaults per cloud, copies with their own
// prefix, and every refusal.
#include <doctest/doctest.h>

#include "temp_project.hpp"

using stackctl::model::StateBackend;
using stackctl::testing::messages;
using stackctl::testing::project_with;

namespace {

const std::string& kGcp = stackctl::testing::kGcpEnvironment;
const std::string& kAws = stackctl::testing::kAwsEnvironment;
const std::string& kDocker = stackctl::testing::kDockerEnvironment;

stackctl::config::LoadedEnvironment load(const std::string& env_yaml, std::optional<std::string> copy = {}) {
  auto p = project_with({{"environments/prod.yaml", env_yaml}});
  return p.load("prod", {}, copy);
}

bool has_message(const stackctl::config::LoadedEnvironment& l, const std::string& part) {
  for (const auto& m : messages(l))
    if (m.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("state: remote by default, in a bucket named after the project or stack") {
  auto g = load(kGcp);
  CHECK(messages(g).empty());
  CHECK(g.env.state.backend == StateBackend::gcs);
  CHECK(g.env.state.bucket == "shop-prod-stackctl-state");
  CHECK(g.env.state.prefix == "shop/prod");
  auto a = load(kAws);
  CHECK(messages(a).empty());
  CHECK(a.env.state.backend == StateBackend::s3);
  CHECK(a.env.state.bucket == "shop-stackctl-state-123456789012");
  auto copy = load(kGcp, "pr-1");
  CHECK(copy.env.state.prefix == "shop/prod-pr-1");
}

TEST_CASE("state: local, or an explicit bucket and prefix") {
  auto l = load(kAws + "state: {backend: local}\n");
  CHECK(messages(l).empty());
  CHECK(l.env.state.backend == StateBackend::local);
  CHECK(l.env.state.bucket.empty());
  auto b = load(kGcp + "state: {bucket: tf-state, prefix: team/shop}\n");
  CHECK(messages(b).empty());
  CHECK(b.env.state.bucket == "tf-state");
  CHECK(b.env.state.prefix == "team/shop");
}

TEST_CASE("state: refusals name the key") {
  CHECK(has_message(load(kGcp + "state: {backend: s3}\n"), "state.backend: backend \"s3\" does not fit a gcp target"));
  CHECK(has_message(load(kAws + "state: {backend: ftp}\n"), "state.backend: unknown value \"ftp\""));
  CHECK(
      has_message(load(kAws + "state: {backend: local, bucket: x}\n"), "state.bucket: \"bucket\" applies to a remote"));
  CHECK(has_message(load(kDocker + "state: {backend: local}\n"), "a docker target has none"));
  CHECK(has_message(load(kAws + "state: {backend: local, buckets: x}\n"), "state.buckets"));
}

TEST_CASE("target.endpoint: aws only, an http(s) URL") {
  auto ok = load(kAws + "  endpoint: http://127.0.0.1:5000\n");
  CHECK(messages(ok).empty());
  CHECK(ok.env.target.endpoint == "http://127.0.0.1:5000");
  CHECK(
      has_message(load(kAws + "  endpoint: 127.0.0.1:5000\n"), "target.endpoint: expected an http:// or https:// URL"));
  CHECK(has_message(load(kGcp + "  endpoint: http://x\n"), "\"endpoint\" does not apply to a gcp target"));
}

TEST_CASE("target.secrets_encryption_key: a KMS key in the cluster's region, cloud targets only") {
  const std::string gcp_key = "projects/shop-prod/locations/europe-west1/keyRings/shop/cryptoKeys/secrets";
  auto g = load(kGcp + "  secrets_encryption_key: " + gcp_key + "\n");
  CHECK(messages(g).empty());
  CHECK(g.env.target.secrets_encryption_key == gcp_key);
  CHECK(load(kGcp).env.target.secrets_encryption_key.empty());
  CHECK(has_message(
      load(kGcp + "  secrets_encryption_key: projects/shop-prod/locations/us-east1/keyRings/shop/cryptoKeys/s\n"),
      "target.secrets_encryption_key: the key is in \"us-east1\", the cluster in \"europe-west1\""));
  CHECK(has_message(
      load(kGcp + "  secrets_encryption_key: shop/secrets\n"),
      "target.secrets_encryption_key: expected a Cloud KMS key name projects/PROJECT/locations/europe-west1/"));
  for (const char* arn : {"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                          "arn:aws:kms:eu-west-1:123456789012:alias/shop-secrets"}) {
    auto a = load(kAws + "  secrets_encryption_key: " + arn + "\n");
    CHECK_MESSAGE(messages(a).empty(), arn);
    CHECK(a.env.target.secrets_encryption_key == arn);
  }
  CHECK(has_message(load(kAws + "  secrets_encryption_key: arn:aws:kms:us-east-1:123456789012:key/abc\n"),
                    "EKS needs a key in the cluster's region"));
  CHECK(has_message(load(kAws + "  secrets_encryption_key: " + gcp_key + "\n"),
                    "target.secrets_encryption_key: expected a KMS key or alias ARN"));
  CHECK(has_message(load(kDocker + "  secrets_encryption_key: x\n"),
                    "\"secrets_encryption_key\" does not apply to a docker target"));
}
