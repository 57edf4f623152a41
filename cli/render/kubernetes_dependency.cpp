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

}  // namespace

json kubernetes_stateful_set(const model::Environment& env, const model::Dependency& d) {
  const dependencies::Server s = dependencies::describe(d);
  const std::string component = to_string(d.kind);
  json pod = kubernetes_dependency_pod(env, d);
  json claim = {{"metadata", {{"name", "data"}, {"labels", kubernetes_labels(env, d.name, component)}}},
                {"spec", claim_spec(d.storage)}};
  json spec = {
      {"serviceName", d.name},
      {"replicas", s.replicas},
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
  const std::string port_name = dependencies::describe(d).port_name;
  json svc = kubernetes_object("v1", "Service", env, d.name, to_string(d.kind));
  // Headless: clients resolve the pods directly, so pods listen on the
  // model's port itself.
  svc["spec"] = {
      {"clusterIP", "None"},
      {"selector", kubernetes_selector(env, d.name)},
      {"ports",
       json::array({{{"name", port_name}, {"port", d.port}, {"targetPort", port_name}, {"protocol", "TCP"}}})}};
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
