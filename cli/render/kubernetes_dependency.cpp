// In-cluster dependencies: a StatefulSet behind a headless Service for the
// servers (and, when they read a cloud secret store, a ServiceAccount), a
// PersistentVolumeClaim for lmdb volumes.
#include "render/kubernetes.hpp"

namespace stackctl::render {
namespace {

using nlohmann::json;

json claim_spec(const std::string& storage) {
  return {{"accessModes", json::array({"ReadWriteOnce"})}, {"resources", {{"requests", {{"storage", storage}}}}}};
}

json server_container(const model::Dependency& d, const DependencyRuntime& rt) {
  json mounts = json::array({{{"name", "data"}, {"mountPath", rt.data_path}}});
  for (const auto& [volume, path] : rt.scratch) mounts.push_back({{"name", volume}, {"mountPath", path}});
  json c = {{"name", to_string(d.kind)},
            {"image", rt.image},
            {"ports", json::array({{{"name", rt.port_name}, {"containerPort", d.port}, {"protocol", "TCP"}}})},
            {"readinessProbe", kubernetes_tcp_probe(rt.port_name, 5)},
            {"livenessProbe", kubernetes_tcp_probe(rt.port_name, 30)},
            {"resources", kubernetes_tier_resources(d.tier)},
            {"securityContext", kubernetes_container_security(rt.read_only_root)},
            {"volumeMounts", std::move(mounts)}};
  if (!rt.env.empty()) c["env"] = rt.env;
  if (!rt.args.empty()) c["args"] = rt.args;
  return c;
}

}  // namespace

json kubernetes_stateful_set(const model::Environment& env, const model::Dependency& d) {
  const DependencyRuntime rt = kubernetes_dependency_runtime(d);
  const std::string component = to_string(d.kind);
  json volumes = json::array();
  for (const auto& [volume, path] : rt.scratch) volumes.push_back({{"name", volume}, {"emptyDir", json::object()}});
  json pod = {{"automountServiceAccountToken", false},
              {"enableServiceLinks", false},
              {"securityContext", kubernetes_pod_security(rt.uid)},
              {"terminationGracePeriodSeconds", 60},
              {"containers", json::array({server_container(d, rt)})},
              {"volumes", std::move(volumes)}};
  if (!rt.init_containers.empty()) pod["initContainers"] = rt.init_containers;
  if (kubernetes_reads_csi_secrets(env, d)) {
    pod["serviceAccountName"] = d.name;  // the cloud identity reads the secrets
    kubernetes_mount_csi_secrets(pod);
  }
  json claim = {{"metadata", {{"name", "data"}, {"labels", kubernetes_labels(env, d.name, component)}}},
                {"spec", claim_spec(d.storage)}};
  json spec = {
      {"serviceName", d.name},
      {"replicas", rt.replicas},
      {"revisionHistoryLimit", 10},
      {"selector", {{"matchLabels", kubernetes_selector(env, d.name)}}},
      {"template", {{"metadata", {{"labels", kubernetes_labels(env, d.name, component)}}}, {"spec", std::move(pod)}}},
      {"volumeClaimTemplates", json::array({std::move(claim)})}};
  // Cluster nodes must all be up to be joined; the others start in order.
  if (d.kind == model::DependencyKind::redis && d.cluster) spec["podManagementPolicy"] = "Parallel";
  json sts = kubernetes_object("apps/v1", "StatefulSet", env, d.name, component);
  sts["spec"] = std::move(spec);
  return sts;
}

json kubernetes_headless_service(const model::Environment& env, const model::Dependency& d) {
  const DependencyRuntime rt = kubernetes_dependency_runtime(d);
  json svc = kubernetes_object("v1", "Service", env, d.name, to_string(d.kind));
  // Headless: clients resolve the pods directly, so pods listen on the
  // model's port itself.
  svc["spec"] = {
      {"clusterIP", "None"},
      {"selector", kubernetes_selector(env, d.name)},
      {"ports",
       json::array({{{"name", rt.port_name}, {"port", d.port}, {"targetPort", rt.port_name}, {"protocol", "TCP"}}})}};
  if (d.kind == model::DependencyKind::redis && d.cluster)
    svc["spec"]["publishNotReadyAddresses"] = true;  // nodes find each other before joining
  return svc;
}

json kubernetes_dependency_service_account(const model::Environment& env, const model::Dependency& d) {
  json sa = kubernetes_object("v1", "ServiceAccount", env, d.name, to_string(d.kind));
  sa["automountServiceAccountToken"] = false;
  kubernetes_add_workload_identity(env, sa);
  return sa;
}

json kubernetes_volume_claim(const model::Environment& env, const model::Dependency& d) {
  json pvc = kubernetes_object("v1", "PersistentVolumeClaim", env, d.name, to_string(d.kind));
  pvc["spec"] = claim_spec(d.storage);
  return pvc;
}

}  // namespace stackctl::render
