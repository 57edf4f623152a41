// clients::Terraform against the real terraform (1.11): a built-in-only module
// through init, plan, show, apply, output, no-change, update/replace and
// destroy plans; a broken module; the plugin mirror (empty: fails, the
// /opt/tf-plugins AWS mirror: offline init works); and the protected-type
// classification of a real AWS destroy plan recorded from moto_server.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "clients/terraform.hpp"
#include "temp_dir.hpp"

using namespace stackctl::clients;
using stackctl::testing::TempDir;
namespace fs = std::filesystem;

namespace {
const std::string kFixtures = std::string(STACKCTL_FIXTURES_DIR) + "/cloud";
const std::string kSecret = "tf-var-secret-9f3b7c";

void copy_module(const std::string& name, const fs::path& to) {
  fs::copy(kFixtures + "/terraform/" + name, to, fs::copy_options::recursive);
}
std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("terraform real: init, plan, show, apply, output, no changes, update+replace, destroy") {
  TempDir dir;
  copy_module("builtin", dir.path / "m");
  TerraformOptions o;
  o.secret_env["TF_VAR_password"] = kSecret;
  std::vector<std::string> progress;
  o.on_output_line = [&](const std::string& l) { progress.push_back(l); };
  Terraform tf(dir.path / "m", o);
  tf.init();

  auto first = tf.plan("first.tfplan");
  CHECK(first.has_changes);
  CHECK(first.output.find(kSecret) == std::string::npos);
  auto s1 = tf.show("first.tfplan");
  CHECK(s1.creates == 3);
  CHECK(s1.headline() == "Plan: 3 to add, 0 to change, 0 to destroy.");
  CHECK(s1.protected_destroys().empty());

  tf.apply("first.tfplan");
  bool saw_complete = false;
  for (const auto& l : progress) saw_complete |= l.find("Apply complete!") != std::string::npos;
  CHECK(saw_complete);
  for (const auto& l : progress) CHECK(l.find(kSecret) == std::string::npos);

  auto out = tf.output();
  auto values = output_values(out);
  CHECK(values["name"] == "stackctl-small");
  CHECK(values["password_length"] == kSecret.size());
  CHECK(out["password_length"]["sensitive"] == true);
  const std::string server_id = values["server_id"];

  auto again = tf.plan("again.tfplan");
  CHECK_FALSE(again.has_changes);
  CHECK(tf.show("again.tfplan").headline() == "No changes.");

  TerraformOptions bigger = o;
  bigger.env["TF_VAR_size"] = "large";
  Terraform tf2(dir.path / "m", bigger);
  auto change = tf2.plan("change.tfplan");
  CHECK(change.has_changes);
  auto s2 = tf2.show("change.tfplan");
  CHECK(s2.updates == 1);
  CHECK(s2.replaces == 1);
  CHECK(s2.no_ops == 1);
  CHECK(s2.headline() == "Plan: 1 to add, 1 to change, 1 to destroy.");
  CHECK(format_plan(s2).find("-/+ terraform_data.server\n") != std::string::npos);
  CHECK(format_plan(s2).find("  ~ terraform_data.config\n") != std::string::npos);
  tf2.apply("change.tfplan");
  CHECK(output_values(tf2.output())["server_id"] != server_id);

  auto destroy = tf2.plan("destroy.tfplan", true);
  CHECK(destroy.has_changes);
  auto s3 = tf2.show("destroy.tfplan");
  CHECK(s3.deletes == 3);
  CHECK(s3.headline() == "Plan: 0 to add, 0 to change, 3 to destroy.");
  CHECK(s3.protected_destroys().empty());  // terraform_data is not a protected type
  tf2.apply("destroy.tfplan");
  CHECK(output_values(tf2.output()).empty());
}

TEST_CASE("terraform real: a broken module is a CommandError with the command and terraform's stderr, no secret") {
  TempDir dir;
  dir.write("m/main.tf", "resource \"terraform_data\" \"x\" {\n  input = \n");
  TerraformOptions o;
  o.secret_env["TF_VAR_password"] = kSecret;
  Terraform tf(dir.path / "m", o);
  try {
    tf.init();
    FAIL("init of a broken module succeeded");
  } catch (const CommandError& e) {
    std::string m = e.what();
    CHECK(m.rfind("`terraform init -input=false -no-color` failed (exit 1):\n", 0) == 0);
    CHECK(m.find("Error: ") != std::string::npos);
    CHECK(m.find("main.tf") != std::string::npos);
    CHECK(m.find(kSecret) == std::string::npos);
  }
}

TEST_CASE("terraform real: an empty plugin mirror fails init clearly for a module that needs aws") {
  TempDir dir, mirror;
  copy_module("needs-aws", dir.path / "m");
  Terraform tf(dir.path / "m", TerraformOptions{"terraform", mirror.path, {}, {}, {}});
  try {
    tf.init();
    FAIL("init succeeded without the provider");
  } catch (const CommandError& e) {
    std::string m = e.what();
    CHECK(m.find("`terraform init") == 0);
    CHECK(m.find("hashicorp/aws") != std::string::npos);
  }
  CHECK(read(dir.path / "m" / ".stackctl-terraformrc").find(mirror.path.string()) != std::string::npos);
}

TEST_CASE("terraform real: the /opt/tf-plugins mirror makes init work offline") {
  const fs::path mirror = "/opt/tf-plugins";
  if (!fs::exists(mirror / "registry.terraform.io/hashicorp/aws")) {
    MESSAGE("no AWS provider mirror at /opt/tf-plugins: skipped");
    return;
  }
  TempDir dir;
  copy_module("needs-aws", dir.path / "m");
  // A registry the init could not reach anyway: no network but loopback.
  Terraform tf(dir.path / "m", TerraformOptions{"terraform", mirror, {{"HTTPS_PROXY", "http://127.0.0.1:9"}}, {}, {}});
  tf.init();
  CHECK(read(dir.path / "m" / ".terraform.lock.hcl").find("registry.terraform.io/hashicorp/aws") != std::string::npos);
}

TEST_CASE("terraform: protected destroys in a real AWS destroy plan (recorded from moto_server)") {
  std::ifstream in(kFixtures + "/plans/aws_destroy.show.json");
  auto summary = parse_plan_json(nlohmann::json::parse(in));
  CHECK(summary.deletes == 3);
  auto prot = summary.protected_destroys();
  REQUIRE(prot.size() == 2);
  CHECK(prot[0].type == "aws_ecr_repository");
  CHECK(prot[1].type == "aws_s3_bucket");
  CHECK(format_plan(summary).find("  - aws_s3_bucket.backups (protected)\n") != std::string::npos);
  CHECK(format_plan(summary).find("  - terraform_data.marker\n") != std::string::npos);
}
