// Cloud secret stores (`secrets.store` gcp-secret-manager / aws-secrets-manager).
//
// aws-secrets-manager: the Secrets Store CSI driver (with the AWS provider)
// reads the environment's entries from Secrets Manager and syncs them into
// the Secret `stackctl-secrets`, so the secretKeyRefs of kubernetes_env.cpp
// work unchanged. The sync only happens while a pod mounts the CSI volume, so
// every pod that reads a secret mounts it. Names only: no value is rendered.
//
// gcp-secret-manager renders no CSI objects: GKE Autopilot cannot run the
// open-source driver (privileged, hostPath), and GKE's managed Secret Manager
// add-on mounts files but does not sync a Secret. The cloud deploy applies
// `stackctl-secrets` itself from the values it uploads (docs/secrets.md).
// Nor does a scaled-down copy, of either cloud: it has no identity the
// parent's entries trust, so its deploy applies the Secret too.
#include "render/kubernetes.hpp"
#include "model/secret_names.hpp"

namespace stackctl::render {
namespace {

using nlohmann::json;

constexpr const char* kSecretsName = "stackctl-secrets";  // the Secret, the class and the volume
constexpr const char* kMountPath = "/var/run/secrets/stackctl";

/// The provider's list of objects, a YAML text as its `parameters` want it.
std::string aws_objects(const model::Environment& env, const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names)
    out += "- objectName: \"" + model::cloud_entry_name(env, name) +
           "\"\n  objectType: \"secretsmanager\"\n  objectAlias: \"" + name + "\"\n";
  return out;
}

}  // namespace

bool kubernetes_secrets_through_csi(const model::Environment& env) {
  return env.secret_store == model::SecretStore::aws_secrets_manager && !env.copy;
}

bool kubernetes_renders_secret_provider_class(const model::Environment& env) {
  return kubernetes_secrets_through_csi(env) && !model::used_secret_names(env).empty();
}

json kubernetes_secret_provider_class(const model::Environment& env) {
  const std::vector<std::string> names = model::used_secret_names(env);
  json parameters = {{"objects", aws_objects(env, names)}, {"region", env.target.region}};
  // The file each object is written to (its `objectAlias`) is the secret's
  // name, and so is its key in the synced Secret.
  json data = json::array();
  for (const auto& name : names) data.push_back({{"objectName", name}, {"key", name}});
  json spc = kubernetes_object("secrets-store.csi.x-k8s.io/v1", "SecretProviderClass", env, kSecretsName, "secrets");
  spc["spec"] = {
      {"provider", "aws"},
      {"parameters", std::move(parameters)},
      {"secretObjects", json::array({{{"secretName", kSecretsName}, {"type", "Opaque"}, {"data", std::move(data)}}})}};
  return spc;
}

bool kubernetes_reads_csi_secrets(const model::Environment& env, const model::Service& s) {
  if (!kubernetes_secrets_through_csi(env)) return false;
  for (const auto& var : s.env)
    for (const auto& part : var.value.parts)
      if (part.ref && part.ref->kind == model::Reference::Kind::secret) return true;
  return false;
}

bool kubernetes_reads_csi_secrets(const model::Environment& env, const model::Dependency& d) {
  return kubernetes_secrets_through_csi(env) && !d.password_secret.empty();
}

void kubernetes_mount_csi_secrets(json& pod_spec) {
  pod_spec["volumes"].push_back({{"name", kSecretsName},
                                 {"csi",
                                  {{"driver", kSecretsStoreCsiDriver},
                                   {"readOnly", true},
                                   {"volumeAttributes", {{"secretProviderClass", kSecretsName}}}}}});
  for (auto& c : pod_spec["containers"])
    c["volumeMounts"].push_back({{"name", kSecretsName}, {"mountPath", kMountPath}, {"readOnly", true}});
}

void kubernetes_add_workload_identity(const model::Environment& env, json& service_account) {
  if (env.copy) return;  // the parent's identity trusts the parent's ServiceAccounts only
  const model::WorkloadIdentity identity = model::cloud_workload_identity(env);
  if (!identity.annotation.empty()) service_account["metadata"]["annotations"][identity.annotation] = identity.value;
}

}  // namespace stackctl::render
