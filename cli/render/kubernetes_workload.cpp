// The objects every service gets: its ServiceAccount, ConfigMap, Deployment
// and (when it has ports) its ClusterIP Service.
#include "render/kubernetes.hpp"

namespace stackctl::render {
namespace {

using nlohmann::json;

constexpr int kServiceUid = 10001;
constexpr const char* kScratchVolume = "stackctl-tmp";

json container_ports(const model::Service& s) {
  json ports = json::array();
  for (const auto& p : s.ports)
    ports.push_back({{"name", p.name}, {"containerPort", p.port}, {"protocol", p.protocol}});
  return ports;
}

/// lmdb volumes the service requires that exist as claims in the cluster.
std::vector<const model::Dependency*> mounted_volumes(const model::Environment& env, const model::Service& s) {
  std::vector<const model::Dependency*> out;
  for (const auto& name : s.requires_dependencies) {
    const model::Dependency* d = env.find_dependency(name);
    if (d != nullptr && d->kind == model::DependencyKind::lmdb_volume && d->placement != model::Placement::managed)
      out.push_back(d);
  }
  return out;
}

json container(const model::Environment& env, const model::Service& s, const std::string& image,
               const ContainerEnv& vars) {
  json c = {{"name", s.name},
            {"image", image},
            {"envFrom", json::array({{{"configMapRef", {{"name", s.name}}}}})},
            {"securityContext", kubernetes_container_security(true)}};
  if (!s.command.empty()) c["command"] = s.command;
  if (!s.args.empty()) c["args"] = s.args;
  if (!s.ports.empty()) c["ports"] = container_ports(s);
  if (!vars.env.empty()) c["env"] = vars.env;
  if (json r = kubernetes_resources(s.resources); !r.is_null()) c["resources"] = r;
  if (s.readiness) c["readinessProbe"] = kubernetes_probe(*s.readiness, s);
  if (s.liveness) c["livenessProbe"] = kubernetes_probe(*s.liveness, s);
  json mounts = json::array({{{"name", kScratchVolume}, {"mountPath", "/tmp"}}});
  for (const model::Dependency* d : mounted_volumes(env, s))
    mounts.push_back({{"name", d->name}, {"mountPath", "/var/lib/" + d->name}});
  c["volumeMounts"] = std::move(mounts);
  return c;
}

json volumes(const model::Environment& env, const model::Service& s) {
  // The root filesystem is read-only, so /tmp is an emptyDir.
  json out = json::array({{{"name", kScratchVolume}, {"emptyDir", json::object()}}});
  for (const model::Dependency* d : mounted_volumes(env, s))
    out.push_back({{"name", d->name}, {"persistentVolumeClaim", {{"claimName", d->name}}}});
  return out;
}

}  // namespace

json kubernetes_service_account(const model::Environment& env, const model::Service& s) {
  json sa = kubernetes_object("v1", "ServiceAccount", env, s.name, "service");
  sa["automountServiceAccountToken"] = false;
  kubernetes_add_workload_identity(env, sa);
  return sa;
}

json kubernetes_config_map(const model::Environment& env, const model::Service& s) {
  json cm = kubernetes_object("v1", "ConfigMap", env, s.name, "service");
  cm["data"] = kubernetes_container_env(env, s).config_data;
  return cm;
}

json kubernetes_deployment(const model::Environment& env, const model::Service& s, const std::string& image) {
  const ContainerEnv vars = kubernetes_container_env(env, s);
  json pod = {{"serviceAccountName", s.name},
              {"automountServiceAccountToken", false},
              {"enableServiceLinks", false},  // no *_SERVICE_HOST noise, no $(VAR) clashes
              {"securityContext", kubernetes_pod_security(kServiceUid)},
              {"terminationGracePeriodSeconds", s.termination_grace_seconds},
              {"containers", json::array({container(env, s, image, vars)})},
              {"volumes", volumes(env, s)}};
  if (kubernetes_reads_csi_secrets(env, s)) kubernetes_mount_csi_secrets(pod);
  json spec = {{"revisionHistoryLimit", 10},
               {"selector", {{"matchLabels", kubernetes_selector(env, s.name)}}},
               {"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxUnavailable", 0}, {"maxSurge", 1}}}}},
               {"template",
                {{"metadata",
                  {{"labels", kubernetes_labels(env, s.name, "service")},
                   {"annotations", {{"stackctl.dev/config-hash", kubernetes_config_hash(vars.config_data)}}}}},
                 {"spec", std::move(pod)}}}};
  // With an autoscaler the replica count is its to set; a fixed one here
  // would be reapplied on every deploy and fight it.
  if (!s.autoscale.enabled) spec["replicas"] = s.replicas;
  json d = kubernetes_object("apps/v1", "Deployment", env, s.name, "service");
  d["spec"] = std::move(spec);
  return d;
}

json kubernetes_service(const model::Environment& env, const model::Service& s) {
  json ports = json::array();
  for (const auto& p : s.ports)
    ports.push_back({{"name", p.name}, {"port", p.port}, {"targetPort", p.name}, {"protocol", p.protocol}});
  json svc = kubernetes_object("v1", "Service", env, s.name, "service");
  svc["spec"] = {{"type", "ClusterIP"}, {"selector", kubernetes_selector(env, s.name)}, {"ports", std::move(ports)}};
  return svc;
}

}  // namespace stackctl::render
