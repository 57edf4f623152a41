// A dependency's pod from the dependency catalog (dependencies/catalog.hpp),
// the description the Docker target also runs: the server container under the
// namespace's "restricted" Pod Security level, its secrets as files in
// /run/secrets (the Secret `stackctl-secrets`, or the CSI volume whose files
// carry the same names), and the catalog's readiness query as exec probes.
#include "render/kubernetes.hpp"

namespace stackctl::render {
namespace {

using nlohmann::json;
namespace cat = stackctl::dependencies;

constexpr const char* kSecretsVolume = "stackctl-secrets";  // the Secret, and the CSI volume of the same name
constexpr int kSecretFileMode = 0440;                       // owner and the pod's fsGroup (its uid)

json exec_probe(const std::vector<std::string>& command, int initial_delay_seconds) {
  return {{"exec", {{"command", command}}},
          {"initialDelaySeconds", initial_delay_seconds},
          {"periodSeconds", 10},
          {"timeoutSeconds", 5},
          {"failureThreshold", 6}};
}

json server_container(const model::Dependency& d, const cat::Server& s) {
  json mounts = json::array({{{"name", "data"}, {"mountPath", s.data_path}}});
  for (const auto& v : s.scratch) mounts.push_back({{"name", v.volume}, {"mountPath", v.path}});
  json c = {{"name", s.component},
            {"image", s.image},
            {"ports", json::array({{{"name", s.port_name}, {"containerPort", s.port}, {"protocol", "TCP"}}})},
            {"readinessProbe", exec_probe(s.readiness, 5)},
            {"livenessProbe", exec_probe(s.liveness, s.start_seconds)},
            {"resources", kubernetes_tier_resources(d.tier)},
            {"securityContext", kubernetes_container_security(true)},
            {"volumeMounts", std::move(mounts)}};
  json env = json::array();
  for (const auto& [name, value] : s.env) env.push_back({{"name", name}, {"value", value}});
  if (!env.empty()) c["env"] = std::move(env);
  if (!s.command.empty()) c["command"] = s.command;
  if (!s.args.empty()) c["args"] = s.args;
  return c;
}

/// Seeded scratch volumes start with the image's own files at that path.
json seed_containers(const model::Dependency& d, const cat::Server& s) {
  json out = json::array();
  for (const auto& v : s.scratch) {
    if (!v.seeded) continue;
    out.push_back({{"name", "copy-" + v.volume},
                   {"image", s.image},
                   {"command", json::array({"cp", "-R", v.path + "/.", "/" + v.volume + "/"})},
                   {"volumeMounts", json::array({{{"name", v.volume}, {"mountPath", "/" + v.volume}}})},
                   {"securityContext", kubernetes_container_security(true)},
                   {"resources", kubernetes_tier_resources(d.tier)}});
  }
  return out;
}

/// The secret files: through the CSI driver its volume (files named by
/// secret, like the catalog's) at /run/secrets, else the Secret's items.
void mount_secrets(const model::Environment& env, const model::Dependency& d, const cat::Server& s, json& pod) {
  if (s.secrets.empty()) return;
  if (kubernetes_reads_csi_secrets(env, d)) {
    kubernetes_mount_csi_secrets(pod);
    for (auto& c : pod["containers"])
      for (auto& m : c["volumeMounts"])
        if (m["name"] == kSecretsVolume) m["mountPath"] = cat::secrets_dir;
    return;
  }
  json items = json::array();
  for (const auto& f : s.secrets) items.push_back({{"key", f.secret}, {"path", f.file}});
  pod["volumes"].push_back(
      {{"name", kSecretsVolume},
       {"secret", {{"secretName", kSecretsVolume}, {"defaultMode", kSecretFileMode}, {"items", std::move(items)}}}});
  for (auto& c : pod["containers"])
    c["volumeMounts"].push_back({{"name", kSecretsVolume}, {"mountPath", cat::secrets_dir}, {"readOnly", true}});
}

}  // namespace

json kubernetes_dependency_pod(const model::Environment& env, const model::Dependency& d) {
  const cat::Server s = cat::describe(d);
  json volumes = json::array();
  for (const auto& v : s.scratch) volumes.push_back({{"name", v.volume}, {"emptyDir", json::object()}});
  json pod = {{"automountServiceAccountToken", false},
              {"enableServiceLinks", false},
              {"securityContext", kubernetes_pod_security(s.uid)},
              {"terminationGracePeriodSeconds", 60},
              {"containers", json::array({server_container(d, s)})},
              {"volumes", std::move(volumes)}};
  json init = seed_containers(d, s);
  if (!init.empty()) pod["initContainers"] = std::move(init);
  // Before the mounts: the cloud identity reads the secrets.
  if (kubernetes_reads_csi_secrets(env, d)) pod["serviceAccountName"] = d.name;
  mount_secrets(env, d, s, pod);
  return pod;
}

}  // namespace stackctl::render
