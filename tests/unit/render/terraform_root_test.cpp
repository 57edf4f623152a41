// The Terraform root module rendered for the bundled cloud environments
// (staging, production, a hospital, their copies) and for an AWS
// environment: which modules are called with which values, what is
// protected, the backend, the outputs the deploy reads, and that the
// modules called (and only those) are copied beside it.
#include <doctest/doctest.h>

#include "config/loader.hpp"
#include "config/temp_project.hpp"
#include "config/terraform_module_files.hpp"
#include "render/terraform_root.hpp"

using nlohmann::json;
using stackctl::render::render_terraform;
using stackctl::render::terraform_root;
using stackctl::render::TerraformOptions;

namespace {

stackctl::model::Environment bundled(const std::string& name, std::optional<std::string> copy = {}) {
  stackctl::config::LoadOptions o;
  o.root = STACKCTL_SOURCE_DIR;
  o.environment = name;
  o.copy = copy;
  auto loaded = stackctl::config::load_environment(o);
  REQUIRE_MESSAGE(loaded.diags.empty(), name);
  return loaded.env;
}

std::string source(const json& root, const std::string& module) { return root["module"][module]["source"]; }

}  // namespace

TEST_CASE("terraform root: staging calls the GCP modules with its values") {
  const json root = terraform_root(bundled("staging"));
  CHECK(root["terraform"]["backend"]["gcs"] ==
        json{{"bucket", "loopstock-staging-stackctl-state"}, {"prefix", "loopstock/staging"}});
  CHECK(root["provider"]["google"]["project"] == "loopstock-staging");
  CHECK(source(root, "network") == "./modules/gcp/network");
  CHECK(source(root, "cluster") == "./modules/gcp/gke");
  CHECK(root["module"]["cluster"]["autopilot"] == true);
  CHECK(source(root, "rates-db") == "./modules/gcp/cloudsql");
  CHECK(root["module"]["rates-db"]["engine"] == "postgres");
  CHECK(root["module"]["sportbuff-db"]["engine"] == "mysql");
  CHECK(root["module"]["rates-db"]["password"] == "${var.rates_db_password}");
  CHECK(root["variable"]["rates_db_password"]["sensitive"] == true);
  CHECK(source(root, "sportbuff-cache") == "./modules/gcp/memorystore");
  CHECK(root["module"]["sportbuff-cache"]["cluster"] == true);
  // ActiveMQ and lmdb run in the cluster: no module.
  CHECK_FALSE(root["module"].contains("sportbuff-mq"));
  CHECK_FALSE(root["module"].contains("kv-data"));
  // The kubernetes secret store: no Secret Manager module.
  CHECK_FALSE(root["module"].contains("secrets"));
  for (const char* m : {"registry", "backups", "logging", "monitoring"}) CHECK(root["module"].contains(m));
  CHECK(root["output"]["infrastructure"]["value"]["rates-db.host"] == "${module.rates-db.host}");
  CHECK(root["output"]["infrastructure"]["value"]["sportbuff-cache.port"] == "${module.sportbuff-cache.port}");
  CHECK(root["output"]["generated_secrets"]["sensitive"] == true);
  CHECK(root["output"]["registry"]["value"] == "${module.registry.repository_url}");
  CHECK_FALSE(root["module"]["cluster"].contains("secrets_encryption_key"));
}

TEST_CASE("terraform root: production is highly available, protected, and reads Secret Manager") {
  const json root = terraform_root(bundled("production"));
  CHECK(root["module"]["rates-db"]["high_availability"] == true);
  CHECK(root["module"]["rates-db"]["tier"] == "db-custom-4-16384");
  CHECK(root["module"]["rates-db"]["backup"]["point_in_time"] == true);
  CHECK(root["module"]["rates-db"]["deletion_protection"] == true);
  CHECK(root["module"]["backups"]["force_destroy"] == false);
  REQUIRE(root["module"].contains("secrets"));
  CHECK(root["module"]["secrets"]["name"] == "loopstock-production");
  CHECK(root["output"]["workload_identity"]["value"] == "${module.secrets.service_account_email}");
  // --purge lifts the protection so the destroy may remove the data.
  const json purge = terraform_root(bundled("production"), TerraformOptions{true});
  CHECK(purge["module"]["rates-db"]["deletion_protection"] == false);
  CHECK(purge["module"]["backups"]["force_destroy"] == true);
}

TEST_CASE("terraform root: a copy gets the smallest tiers, no HA, its own names and state") {
  const json root = terraform_root(bundled("production", "pr-7"));
  CHECK(root["module"]["rates-db"]["name"] == "loopstock-production-pr-7-rates-db");
  CHECK(root["module"]["rates-db"]["tier"] == "db-f1-micro");
  CHECK(root["module"]["rates-db"]["high_availability"] == false);
  CHECK(root["module"]["sportbuff-cache"]["tier"] == "BASIC");
  CHECK(root["terraform"]["backend"]["gcs"]["prefix"] == "loopstock/production-pr-7");
  // It reads its parent's secrets with its parent's identity.
  CHECK_FALSE(root["module"].contains("secrets"));
}

TEST_CASE("terraform root: one hospital calls only what it uses") {
  const json root = terraform_root(bundled("hospital-st-mary"));
  CHECK(root["module"].contains("inventory-db"));
  CHECK_FALSE(root["module"].contains("rates-db"));
  CHECK_FALSE(root["module"].contains("sportbuff-cache"));
  CHECK(root["module"]["inventory-db"]["name"] == "loopstock-hospital-st-mary-inventory-db");
}

TEST_CASE("terraform root: AWS with an emulator endpoint and local state") {
  auto p = stackctl::testing::project_with(
      {{"environments/aws.yaml",
        "stack: shop\n"
        "target: {kind: aws, region: us-east-1, account: \"123456789012\", endpoint: \"http://127.0.0.1:5000\"}\n"
        "state: {backend: local}\n"
        "dependencies:\n"
        "  orders-db: {kind: postgres, version: \"15\", database: orders, user: orders, password_secret: orders-pw}\n"
        "  cache: {kind: redis, version: \"7.2\", cluster: true, shards: 3, password_secret: cache-pw}\n"
        "  queue: {kind: activemq, version: 5.18.3, user: app, password_secret: queue-pw}\n"}});
  auto loaded = p.load("aws");
  REQUIRE(stackctl::testing::messages(loaded).empty());
  const json root = terraform_root(loaded.env);
  CHECK(root["terraform"]["backend"] == json{{"local", json::object()}});
  const json& provider = root["provider"]["aws"];
  CHECK(provider["endpoints"][0]["rds"] == "http://127.0.0.1:5000");
  CHECK(provider["skip_credentials_validation"] == true);
  CHECK(root["module"]["orders-db"]["source"] == "./modules/aws/rds");
  CHECK(root["module"]["orders-db"]["engine"] == "postgres");
  CHECK(root["module"]["cache"]["source"] == "./modules/aws/elasticache");
  CHECK(root["module"]["cache"]["cluster_mode"] == true);
  CHECK(root["module"]["cache"]["auth_token"] == "${var.cache_pw}");
  CHECK(root["module"]["queue"]["source"] == "./modules/aws/mq");
  CHECK(root["module"]["queue"]["engine_version"] == "5.18");
  CHECK(root["module"]["registry"]["repositories"] == json::array());  // web is a prebuilt image
  CHECK(root["output"]["infrastructure"]["value"]["queue.host"] == "${module.queue.host}");
  CHECK(root["module"]["backups"]["name"] == "shop-aws-backups-123456789012");
  CHECK_FALSE(root["module"]["cluster"].contains("secrets_encryption_key"));
}

TEST_CASE("terraform root: the Secrets encryption key reaches the cluster module") {
  // production names one: its copies and hospitals share it (same project and region).
  for (const auto& env : {bundled("production"), bundled("production", "pr-1"), bundled("hospital-st-mary")})
    CHECK_MESSAGE(
        terraform_root(env)["module"]["cluster"]["secrets_encryption_key"] ==
            "projects/loopstock-production/locations/europe-west1/keyRings/loopstock/cryptoKeys/cluster-secrets",
        env.instance_name());
  auto p = stackctl::testing::project_with(
      {{"environments/aws.yaml",
        "stack: shop\n"
        "target: {kind: aws, region: us-east-1, account: \"123456789012\",\n"
        "         secrets_encryption_key: \"arn:aws:kms:us-east-1:123456789012:alias/shop\"}\n"}});
  auto loaded = p.load("aws");
  REQUIRE(stackctl::testing::messages(loaded).empty());
  CHECK(terraform_root(loaded.env)["module"]["cluster"]["secrets_encryption_key"] ==
        "arn:aws:kms:us-east-1:123456789012:alias/shop");
}

TEST_CASE("terraform render: copies exactly the modules called, deterministically") {
  const auto modules = stackctl::config::load_terraform_modules(STACKCTL_SOURCE_DIR);
  const auto env = bundled("hospital-st-mary");
  const auto docs = render_terraform(env, modules);
  REQUIRE_FALSE(docs.empty());
  CHECK(docs.front().path == "terraform/main.tf.json");
  bool network = false;
  for (const auto& d : docs) {
    if (d.path == "terraform/main.tf.json") continue;
    CHECK(d.is_text());
    CHECK(d.path.rfind("terraform/modules/gcp/", 0) == 0);
    CHECK(d.path.find("memorystore") == std::string::npos);  // st-mary has no Redis
    network = network || d.path == "terraform/modules/gcp/network/main.tf";
  }
  CHECK(network);
  const auto again = render_terraform(env, modules);
  REQUIRE(again.size() == docs.size());
  for (size_t i = 0; i < docs.size(); ++i)
    CHECK(again[i].body.dump() + again[i].text == docs[i].body.dump() + docs[i].text);
  CHECK(render_terraform(bundled("local"), modules).empty());
}
