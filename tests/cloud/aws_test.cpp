// clients::AwsCli against the real aws CLI and moto_server on loopback
// (STACKCTL_MOTO_ENDPOINT, set by run.sh): the ECR password, and a private
// kubeconfig for an EKS cluster created in moto through the aws CLI.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "clients/aws_cli.hpp"
#include "temp_dir.hpp"

using namespace stackctl::clients;
using stackctl::testing::TempDir;

namespace {
std::optional<std::string> moto() {
  const char* e = std::getenv("STACKCTL_MOTO_ENDPOINT");
  if (!e || !*e) return std::nullopt;
  return std::string(e);
}
AwsCliOptions fake_credentials() {
  return AwsCliOptions{"aws", {{"AWS_ACCESS_KEY_ID", "testing"}, {"AWS_DEFAULT_REGION", "us-east-1"}},
                       {{"AWS_SECRET_ACCESS_KEY", "moto-secret-key-123"}}};
}
}  // namespace

TEST_CASE("aws real (moto): ecr_password returns the token") {
  auto endpoint = moto();
  if (!endpoint) {
    MESSAGE("STACKCTL_MOTO_ENDPOINT not set (run through run.sh): skipped");
    return;
  }
  AwsCli aws(fake_credentials());
  std::string pw = aws.ecr_password("us-east-1", endpoint);
  CHECK_FALSE(pw.empty());
  CHECK(pw.find('\n') == std::string::npos);
}

TEST_CASE("aws real (moto): update_kubeconfig of a moto EKS cluster writes the private file") {
  auto endpoint = moto();
  if (!endpoint) return;
  ProcessSpec create;
  create.argv = {"aws", "eks", "create-cluster", "--name", "stackctl-test", "--role-arn",
                 "arn:aws:iam::123456789012:role/eks", "--resources-vpc-config", "subnetIds=subnet-1",
                 "--region", "us-east-1", "--endpoint-url", *endpoint};
  create.env = {{"AWS_ACCESS_KEY_ID", "testing"}, {"AWS_SECRET_ACCESS_KEY", "testing"}, {"AWS_PAGER", ""}};
  run_checked(create);

  TempDir home;
  auto kc = home.path / "state" / "kubeconfig";
  AwsCli aws(fake_credentials());
  aws.update_kubeconfig("stackctl-test", "us-east-1", kc, endpoint);
  std::ifstream in(kc);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().find("arn:aws:eks:us-east-1:123456789012:cluster/stackctl-test") != std::string::npos);
  struct stat st;
  REQUIRE(::stat(kc.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  try {
    aws.update_kubeconfig("no-such-cluster", "us-east-1", kc, endpoint);
    FAIL("no throw");
  } catch (const CommandError& e) {
    std::string m = e.what();
    CHECK(m.find("`aws eks update-kubeconfig --name no-such-cluster --region us-east-1 --kubeconfig") == 0);
    CHECK(m.find("ResourceNotFoundException") != std::string::npos);
    CHECK(m.find("moto-secret-key-123") == std::string::npos);
  }
}

TEST_CASE("aws real: no credentials at all is an AccessError that says what to run") {
  TempDir home;
  AwsCli aws(AwsCliOptions{"aws",
                           {{"HOME", home.path.string()},
                            {"AWS_CONFIG_FILE", (home.path / "none").string()},
                            {"AWS_SHARED_CREDENTIALS_FILE", (home.path / "none").string()},
                            {"AWS_EC2_METADATA_DISABLED", "true"}},
                           {}});
  // Endpoint on a closed loopback port: credentials are looked up first.
  CHECK_THROWS_WITH_AS(aws.ecr_password("us-east-1", std::string("http://127.0.0.1:9")),
                       doctest::Contains("no AWS credentials"), AccessError);
}
