// The GCP root module: network, GKE, Cloud SQL per PostgreSQL/MySQL
// dependency, Memorystore per Redis, Artifact Registry, Secret Manager (for
// the gcp-secret-manager store), the backups bucket, logging and monitoring.
// ActiveMQ and lmdb volumes run in the cluster (rendered as Kubernetes
// objects), so they get no module here.
#include <algorithm>

#include "render/terraform_root.hpp"
#include "model/secret_names.hpp"

namespace stackctl::render {
namespace {

using model::DependencyKind;
using model::Tier;
using nlohmann::json;

constexpr const char* kLabels = "${local.labels}";

const char* cloudsql_tier(Tier t) {
  switch (t) {
    case Tier::micro:
      return "db-f1-micro";
    case Tier::small:
      return "db-custom-1-3840";
    case Tier::medium:
      return "db-custom-2-7680";
    case Tier::large:
      return "db-custom-4-16384";
  }
  return "db-custom-1-3840";
}

int memorystore_gb(Tier t) { return t == Tier::large ? 16 : t == Tier::medium ? 4 : 1; }

/// "7.2" -> "REDIS_7_2"
std::string redis_version(const std::string& version) {
  std::string v = version.empty() ? "7.2" : version;
  if (v.find('.') == std::string::npos) v += ".0";
  std::replace(v.begin(), v.end(), '.', '_');
  return "REDIS_" + v;
}

std::string module_ref(const std::string& module, const std::string& output) {
  return "${module." + module + "." + output + "}";
}

json base_call(const model::Environment& env, const char* module) {
  return {{"source", std::string("./modules/gcp/") + module},
          {"project", env.target.project},
          {"region", env.target.region}};
}

json cloudsql(const model::Environment& env, const model::Dependency& d, bool protect) {
  json call = base_call(env, "cloudsql");
  call.update({{"name", terraform_name(env) + "-" + d.name},
               {"labels", kLabels},
               {"engine", d.kind == DependencyKind::mysql ? "mysql" : "postgres"},
               {"engine_version", d.version},
               {"tier", cloudsql_tier(d.tier)},
               {"disk_size_gb", terraform_storage_gb(d.storage, 10)},
               {"high_availability", d.high_availability},
               {"backup",
                {{"enabled", d.backup.schedule != "none"},
                 {"start_time", "02:00"},
                 {"retain_days", d.backup.retain_days},
                 {"point_in_time", d.backup.point_in_time}}},
               {"deletion_protection", protect},
               {"network_id", module_ref("network", "network_id")},
               {"private_services_connection", module_ref("network", "private_services_connection")},
               {"database", d.database},
               {"user", d.user},
               {"password", "${var." + terraform_password_variable(d.password_secret) + "}"}});
  return call;
}

json memorystore(const model::Environment& env, const model::Dependency& d, bool protect) {
  json call = base_call(env, "memorystore");
  call.update({{"name", terraform_name(env) + "-" + d.name},
               {"labels", kLabels},
               {"network_id", module_ref("network", "network_id")},
               {"private_services_connection", module_ref("network", "private_services_connection")},
               {"cluster", d.cluster},
               {"shards", d.cluster ? d.shards : 1},
               {"replicas", d.high_availability ? 1 : 0},
               {"tier", d.high_availability ? "STANDARD_HA" : "BASIC"},
               {"memory_size_gb", memorystore_gb(d.tier)},
               {"redis_version", redis_version(d.version)},
               {"deletion_protection", protect}});
  return call;
}

json uptime_checks(const model::Environment& env) {
  json checks = json::object();
  for (const auto& s : env.services)
    if (s.expose.enabled && !s.expose.host.empty())
      checks[s.name] = {{"host", s.expose.host},
                        {"path", s.readiness && s.readiness->kind == model::Probe::Kind::http ? s.readiness->path
                                                                                                  : s.expose.path}};
  return checks;
}

int backup_retention_days(const model::Environment& env) {
  int days = 30;
  for (const auto& d : env.dependencies) days = std::max(days, d.backup.retain_days);
  return days;
}

}  // namespace

void terraform_gcp(const model::Environment& env, json& root, const TerraformOptions& options) {
  const bool protect = !options.purge && !env.copy;
  const std::string name = terraform_name(env);
  root["terraform"]["required_providers"] = {{"google", {{"source", "hashicorp/google"}, {"version", ">= 6.0, < 7.0"}}}};
  root["provider"] = {{"google",
                       {{"project", env.target.project},
                        {"region", env.target.region},
                        {"default_labels", kLabels}}}};
  json& modules = root["module"];
  json infrastructure = json::object();

  modules["network"] = base_call(env, "network");
  modules["network"]["name"] = name;

  modules["cluster"] = base_call(env, "gke");
  modules["cluster"].update({{"name", name},
                             {"labels", kLabels},
                             {"network_id", module_ref("network", "network_id")},
                             {"subnetwork_id", module_ref("network", "subnetwork_id")},
                             {"pods_range_name", module_ref("network", "pods_range_name")},
                             {"services_range_name", module_ref("network", "services_range_name")},
                             {"autopilot", true},
                             {"deletion_protection", false}});
  if (!env.target.secrets_encryption_key.empty())
    modules["cluster"]["secrets_encryption_key"] = env.target.secrets_encryption_key;

  for (const auto kind : {DependencyKind::postgres, DependencyKind::mysql})
    for (const model::Dependency* d : managed_dependencies(env, kind)) {
      modules[d->name] = cloudsql(env, *d, protect);
      for (const char* field : {"host", "port", "database", "user"})
        infrastructure[d->name + "." + field] = module_ref(d->name, field);
    }
  // Memorystore makes its own AUTH string: the deploy puts it in the
  // Secret under the dependency's password secret, instead of the stored one.
  json generated = json::object();
  for (const model::Dependency* d : managed_dependencies(env, DependencyKind::redis)) {
    modules[d->name] = memorystore(env, *d, protect);
    for (const char* field : {"host", "port"}) infrastructure[d->name + "." + field] = module_ref(d->name, field);
    if (!d->password_secret.empty()) generated[d->password_secret] = module_ref(d->name, "auth_string");
  }

  modules["registry"] = base_call(env, "artifact-registry");
  modules["registry"].update({{"name", name}, {"labels", kLabels}});

  if (env.secret_store == model::SecretStore::gcp_secret_manager && !env.copy) {
    json entries = json::array();
    for (const auto& secret : model::used_secret_names(env)) entries.push_back(model::cloud_entry_name(env, secret));
    modules["secrets"] = {{"source", "./modules/gcp/secret-manager"},
                          {"project", env.target.project},
                          {"name", model::cloud_identity_name(env)},
                          {"labels", kLabels},
                          {"secrets", entries},
                          {"namespace", env.namespace_name},
                          {"kubernetes_service_accounts", secret_reading_service_accounts(env)},
                          {"workload_identity_pool", module_ref("cluster", "workload_identity_pool")}};
    root["output"]["workload_identity"] = {{"value", module_ref("secrets", "service_account_email")}};
  }

  modules["backups"] = base_call(env, "backups-bucket");
  modules["backups"].update({{"name", env.target.project + "-" + env.instance_name() + "-backups"},
                             {"labels", kLabels},
                             {"retain_days", backup_retention_days(env)},
                             {"force_destroy", options.purge}});

  modules["logging"] = {{"source", "./modules/gcp/logging"},
                        {"project", env.target.project},
                        {"name", name},
                        {"labels", kLabels},
                        {"namespace", env.namespace_name},
                        {"cluster_name", module_ref("cluster", "cluster_name")}};
  modules["monitoring"] = {{"source", "./modules/gcp/monitoring"},
                           {"project", env.target.project},
                           {"name", name},
                           {"labels", kLabels},
                           {"uptime_checks", uptime_checks(env)},
                           {"notification_channels", json::array()},
                           {"namespace", env.namespace_name},
                           {"cluster_name", module_ref("cluster", "cluster_name")},
                           {"error_metric_type", module_ref("logging", "error_metric_type")},
                           {"latency_metric_type", module_ref("logging", "latency_metric_type")},
                           {"request_metric_type", module_ref("logging", "request_metric_type")}};

  json& out = root["output"];
  out["infrastructure"] = {{"value", infrastructure}, {"description", "dependency addresses, for the deploy's ConfigMap"}};
  out["registry"] = {{"value", module_ref("registry", "repository_url")}};
  if (!generated.empty())
    out["generated_secrets"] = {
        {"value", generated}, {"sensitive", true}, {"description", "secret values the cloud made, by secret name"}};
  out["cluster"] = {{"value",
                     {{"name", module_ref("cluster", "cluster_name")},
                      {"location", module_ref("cluster", "location")},
                      {"endpoint", module_ref("cluster", "endpoint")},
                      {"ca_certificate", module_ref("cluster", "ca_certificate")}}}};
}

}  // namespace stackctl::render
