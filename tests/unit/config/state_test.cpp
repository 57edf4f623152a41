// `state:` (Terraform state of cloud environments) and `target.endpoint`:
// defaults per cloud, copies with their own prefix, and every refusal.
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
  CHECK(has_message(load(kAws + "state: {backend: local, bucket: x}\n"), "state.bucket: \"bucket\" applies to a remote"));
  CHECK(has_message(load(kDocker + "state: {backend: local}\n"), "a docker target has none"));
  CHECK(has_message(load(kAws + "state: {backend: local, buckets: x}\n"), "state.buckets"));
}

TEST_CASE("target.endpoint: aws only, an http(s) URL") {
  auto ok = load(kAws + "  endpoint: http://127.0.0.1:5000\n");
  CHECK(messages(ok).empty());
  CHECK(ok.env.target.endpoint == "http://127.0.0.1:5000");
  CHECK(has_message(load(kAws + "  endpoint: 127.0.0.1:5000\n"), "target.endpoint: expected an http:// or https:// URL"));
  CHECK(has_message(load(kGcp + "  endpoint: http://x\n"), "\"endpoint\" does not apply to a gcp target"));
}
