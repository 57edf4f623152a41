// Cloud secret stores (`secrets.store` gcp-secret-manager / aws-secrets-manager):
// the Secrets Store CSI driver reads the environment's entries from the
// cloud's secret manager and syncs them into the Secret `stackctl-secrets`,
// so the secretKeyRefs of kubernetes_env.cpp work unchanged. The sync only
// happens while a pod mounts the CSI volume, so every pod that reads a secret
// mounts it. Names only: no value is ever rendered.
#include "render/kubernetes.hpp"
#include "secrets/cloud_store.hpp"

namespace stackctl::render {
namespace {

using nlohmann::json;

constexpr const char* kSecretsName = "stackctl-secrets";  // the Secret, the class and the volume
constexpr const char* kMountPath = "/var/run/secrets/stackctl";

bool cloud_store(const model::Environment& env) { return env.secret_store != model::SecretStore::kubernetes; }

/// The provider's list of objects, a YAML text as its `parameters` want it.
std::string gcp_secrets(const model::Environment& env, const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names)
    out += "- resourceName: \"projects/" + env.target.project + "/secrets/" + secrets::cloud_entry_name(env, name) +
           "/versions/latest\"\n  path: \"" + name + "\"\n";
  return out;
}

std::string aws_objects(const model::Environment& env, const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names)
    out += "- objectName: \"" + secrets::cloud_entry_name(env, name) +
           "\"\n  objectType: \"secretsmanager\"\n  objectAlias: \"" + name + "\"\n";
  return out;
}

}  // namespace

bool kubernetes_renders_secret_provider_class(const model::Environment& env) {
  return cloud_store(env) && !secrets::used_secret_names(env).empty();
}

json kubernetes_secret_provider_class(const model::Environment& env) {
  const std::vector<std::string> names = secrets::used_secret_names(env);
  json parameters = json::object();
  if (env.secret_store == model::SecretStore::aws_secrets_manager) {
    parameters["objects"] = aws_objects(env, names);
    parameters["region"] = env.target.region;
  } else {
    parameters["secrets"] = gcp_secrets(env, names);
  }
  // The file each object is written to (GCP `path`, AWS `objectAlias`) is the
  // secret's name, and so is its key in the synced Secret.
  json data = json::array();
  for (const auto& name : names) data.push_back({{"objectName", name}, {"key", name}});
  json spc = kubernetes_object("secrets-store.csi.x-k8s.io/v1", "SecretProviderClass", env, kSecretsName, "secrets");
  spc["spec"] = {
      {"provider", env.secret_store == model::SecretStore::aws_secrets_manager ? "aws" : "gcp"},
      {"parameters", std::move(parameters)},
      {"secretObjects", json::array({{{"secretName", kSecretsName}, {"type", "Opaque"}, {"data", std::move(data)}}})}};
  return spc;
}

bool kubernetes_reads_cloud_secrets(const model::Environment& env, const model::Service& s) {
  if (!cloud_store(env)) return false;
  for (const auto& var : s.env)
    for (const auto& part : var.value.parts)
      if (part.ref && part.ref->kind == model::Reference::Kind::secret) return true;
  return false;
}

bool kubernetes_reads_cloud_secrets(const model::Environment& env, const model::Dependency& d) {
  return cloud_store(env) && !d.password_secret.empty();
}

void kubernetes_mount_cloud_secrets(json& pod_spec) {
  pod_spec["volumes"].push_back({{"name", kSecretsName},
                                 {"csi",
                                  {{"driver", "secrets-store.csi.k8s.io"},
                                   {"readOnly", true},
                                   {"volumeAttributes", {{"secretProviderClass", kSecretsName}}}}}});
  for (auto& c : pod_spec["containers"])
    c["volumeMounts"].push_back({{"name", kSecretsName}, {"mountPath", kMountPath}, {"readOnly", true}});
}

void kubernetes_add_workload_identity(const model::Environment& env, json& service_account) {
  const secrets::WorkloadIdentity identity = secrets::cloud_workload_identity(env);
  if (!identity.annotation.empty()) service_account["metadata"]["annotations"][identity.annotation] = identity.value;
}

}  // namespace stackctl::render
