// The AWS root module: VPC, EKS, RDS per PostgreSQL/MySQL dependency,
// ElastiCache per Redis, Amazon MQ per ActiveMQ, ECR, Secrets Manager (for
// the aws-secrets-manager store), the backups bucket and CloudWatch alarms.
// `target.endpoint` points every AWS API at one emulator (moto, LocalStack).
#include <algorithm>

#include "render/terraform_root.hpp"
#include "model/secret_names.hpp"

namespace stackctl::render {
namespace {

using model::DependencyKind;
using model::Tier;
using nlohmann::json;

constexpr const char* kTags = "${local.labels}";

/// The AWS APIs the modules call, for an emulator endpoint.
constexpr const char* kServices[] = {"cloudwatch", "ec2", "ecr", "eks", "elasticache", "iam", "kms", "logs",
                                     "mq", "rds", "s3", "secretsmanager", "sns", "sts"};

const char* rds_class(Tier t) {
  switch (t) {
    case Tier::micro:
      return "db.t4g.micro";
    case Tier::small:
      return "db.t4g.small";
    case Tier::medium:
      return "db.m6g.large";
    case Tier::large:
      return "db.m6g.xlarge";
  }
  return "db.t4g.small";
}

const char* cache_node(Tier t) {
  switch (t) {
    case Tier::micro:
      return "cache.t4g.micro";
    case Tier::small:
      return "cache.t4g.small";
    case Tier::medium:
      return "cache.m6g.large";
    case Tier::large:
      return "cache.m6g.xlarge";
  }
  return "cache.t4g.small";
}

const char* mq_instance(Tier t) { return t == Tier::medium || t == Tier::large ? "mq.m5.large" : "mq.t3.micro"; }

/// "5.18.3" -> "5.18": Amazon MQ takes the minor line and applies patches itself.
std::string minor_version(const std::string& version, const char* fallback) {
  if (version.empty()) return fallback;
  const auto first = version.find('.');
  if (first == std::string::npos) return version;
  const auto second = version.find('.', first + 1);
  return second == std::string::npos ? version : version.substr(0, second);
}

std::string module_ref(const std::string& module, const std::string& output) {
  return "${module." + module + "." + output + "}";
}

std::string password(const model::Dependency& d) {
  return d.password_secret.empty() ? "" : "${var." + terraform_password_variable(d.password_secret) + "}";
}

json network_inputs() {
  return {{"vpc_id", module_ref("vpc", "vpc_id")},
          {"subnet_ids", module_ref("vpc", "private_subnet_ids")},
          {"allowed_cidr", module_ref("vpc", "cidr")}};
}

/// Every ElastiCache module's member ids, as one list expression.
std::string cache_cluster_ids(const json& lists) {
  if (lists.empty()) return "${[]}";
  std::string joined;
  for (const auto& l : lists) joined += (joined.empty() ? "" : ", ") + l.get<std::string>();
  return "${concat(" + joined + ")}";
}

json provider(const model::Environment& env) {
  json p = {{"region", env.target.region}, {"default_tags", {{"tags", kTags}}}};
  if (!env.target.endpoint.empty()) {
    // An emulator: no account lookups, path-style buckets, every API at one URL.
    json endpoints = json::object();
    for (const char* service : kServices) endpoints[service] = env.target.endpoint;
    p.update({{"skip_credentials_validation", true},
              {"skip_metadata_api_check", true},
              {"skip_requesting_account_id", true},
              {"s3_use_path_style", true},
              {"endpoints", json::array({endpoints})}});
  }
  return p;
}

}  // namespace

void terraform_aws(const model::Environment& env, json& root, const TerraformOptions& options) {
  const bool protect = !options.purge && !env.copy;
  const std::string name = terraform_name(env);
  bool any_ha = false;
  for (const auto& d : env.dependencies) any_ha = any_ha || d.high_availability;
  root["terraform"]["required_providers"] = {{"aws", {{"source", "hashicorp/aws"}, {"version", ">= 5.0, < 6.0"}}}};
  root["provider"] = {{"aws", provider(env)}};
  json& modules = root["module"];
  json infrastructure = json::object();

  modules["vpc"] = {{"source", "./modules/aws/vpc"}, {"name", name}, {"tags", kTags}, {"single_nat_gateway", !any_ha}};
  modules["cluster"] = {{"source", "./modules/aws/eks"},
                        {"name", name},
                        {"tags", kTags},
                        {"vpc_id", module_ref("vpc", "vpc_id")},
                        {"subnet_ids", module_ref("vpc", "private_subnet_ids")},
                        {"node_instance_types", json::array({env.copy ? "t3.medium" : "m6i.large"})},
                        {"min_nodes", env.copy ? 1 : 2},
                        {"desired_nodes", env.copy ? 1 : 2},
                        {"max_nodes", env.copy ? 2 : 6}};
  if (!env.target.secrets_encryption_key.empty())
    modules["cluster"]["secrets_encryption_key"] = env.target.secrets_encryption_key;

  json db_ids = json::array();
  for (const auto kind : {DependencyKind::postgres, DependencyKind::mysql})
    for (const model::Dependency* d : managed_dependencies(env, kind)) {
      json call = {{"source", "./modules/aws/rds"},
                   {"name", name + "-" + d->name},
                   {"tags", kTags},
                   {"engine", kind == DependencyKind::mysql ? "mysql" : "postgres"},
                   {"engine_version", d->version},
                   {"instance_class", rds_class(d->tier)},
                   {"allocated_storage", terraform_storage_gb(d->storage, 20)},
                   {"multi_az", d->high_availability},
                   {"backup_retention_days", d->backup.schedule == "none" ? 0 : std::min(d->backup.retain_days, 35)},
                   {"deletion_protection", protect},
                   {"database", d->database},
                   {"username", d->user},
                   {"password", password(*d)}};
      call.update(network_inputs());
      modules[d->name] = std::move(call);
      db_ids.push_back(module_ref(d->name, "instance_id"));
      for (const char* field : {"host", "port", "database", "user"})
        infrastructure[d->name + "." + field] = module_ref(d->name, field);
    }

  json cache_ids = json::array();
  for (const model::Dependency* d : managed_dependencies(env, DependencyKind::redis)) {
    json call = {{"source", "./modules/aws/elasticache"},
                 {"name", name + "-" + d->name},
                 {"tags", kTags},
                 {"cluster_mode", d->cluster},
                 {"shards", d->cluster ? d->shards : 1},
                 {"replicas_per_shard", d->high_availability ? 1 : 0},
                 {"node_type", cache_node(d->tier)},
                 {"auth_token", password(*d)}};
    call.update(network_inputs());
    modules[d->name] = std::move(call);
    cache_ids.push_back("module." + d->name + ".cache_cluster_ids");
    for (const char* field : {"host", "port"}) infrastructure[d->name + "." + field] = module_ref(d->name, field);
  }

  for (const model::Dependency* d : managed_dependencies(env, DependencyKind::activemq)) {
    json call = {{"source", "./modules/aws/mq"},
                 {"name", name + "-" + d->name},
                 {"tags", kTags},
                 {"engine_version", minor_version(d->version, "5.18")},
                 {"instance_type", mq_instance(d->tier)},
                 {"deployment_mode", d->high_availability ? "ACTIVE_STANDBY_MULTI_AZ" : "SINGLE_INSTANCE"},
                 {"username", d->user},
                 {"password", password(*d)}};
    call.update(network_inputs());
    modules[d->name] = std::move(call);
    for (const char* field : {"host", "port"}) infrastructure[d->name + "." + field] = module_ref(d->name, field);
  }

  json repositories = json::array();
  for (const auto& s : env.services)
    if (s.build) repositories.push_back(s.name);
  modules["registry"] = {{"source", "./modules/aws/ecr"}, {"name", name}, {"tags", kTags}, {"repositories", repositories}};

  if (env.secret_store == model::SecretStore::aws_secrets_manager && !env.copy) {
    json entries = json::array();
    for (const auto& secret : model::used_secret_names(env)) entries.push_back(model::cloud_entry_name(env, secret));
    modules["secrets"] = {{"source", "./modules/aws/secretsmanager"},
                          {"name", model::cloud_identity_name(env)},
                          {"tags", kTags},
                          {"secrets", entries},
                          {"oidc_issuer", module_ref("cluster", "oidc_issuer")},
                          {"namespace", env.namespace_name},
                          {"kubernetes_service_accounts", secret_reading_service_accounts(env)}};
    root["output"]["workload_identity"] = {{"value", module_ref("secrets", "role_arn")}};
  }

  int retain_days = 30;
  for (const auto& d : env.dependencies) retain_days = std::max(retain_days, d.backup.retain_days);
  modules["backups"] = {{"source", "./modules/aws/s3"},
                        {"name", name + "-backups" + (env.target.account.empty() ? "" : "-" + env.target.account)},
                        {"tags", kTags},
                        {"retain_days", retain_days},
                        {"force_destroy", options.purge}};
  modules["alarms"] = {{"source", "./modules/aws/cloudwatch"},
                       {"name", name},
                       {"tags", kTags},
                       {"db_instance_ids", db_ids},
                       {"cache_cluster_ids", cache_cluster_ids(cache_ids)}};

  json& out = root["output"];
  out["infrastructure"] = {{"value", infrastructure}, {"description", "dependency addresses, for the deploy's ConfigMap"}};
  out["registry"] = {{"value", module_ref("registry", "registry") + "/" + name}};
  out["cluster"] = {{"value",
                     {{"name", module_ref("cluster", "cluster_name")},
                      {"location", env.target.region},
                      {"endpoint", module_ref("cluster", "endpoint")},
                      {"ca_certificate", module_ref("cluster", "ca_certificate")}}}};
}

}  // namespace stackctl::render
