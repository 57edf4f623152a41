// render_kubernetes: decides which objects exist and where each one goes.
// The objects themselves are built in the kubernetes_*.cpp files beside it.
#include <algorithm>

#include "render/kubernetes.hpp"

namespace stackctl::render {
namespace {

std::string image_for(const model::Service& s, const std::map<std::string, std::string>& images) {
  if (!s.image.empty()) return s.image;
  if (auto it = images.find(s.name); it != images.end()) return it->second;
  return s.name + ":unbuilt";
}

void add_service(std::vector<Document>& docs, const model::Environment& env, const model::Service& s,
                 const std::string& image) {
  const std::string dir = "kubernetes/services/" + s.name + "/";
  docs.push_back({dir + "serviceaccount.yaml", kubernetes_service_account(env, s)});
  docs.push_back({dir + "configmap.yaml", kubernetes_config_map(env, s)});
  docs.push_back({dir + "deployment.yaml", kubernetes_deployment(env, s, image)});
  docs.push_back({dir + "networkpolicy.yaml", kubernetes_service_network_policy(env, s)});
  if (!s.ports.empty()) docs.push_back({dir + "service.yaml", kubernetes_service(env, s)});
  if (s.autoscale.enabled) docs.push_back({dir + "hpa.yaml", kubernetes_autoscaler(env, s)});
  if (kubernetes_minimum_replicas(s) >= 2) docs.push_back({dir + "pdb.yaml", kubernetes_disruption_budget(env, s)});
  if (s.expose.enabled && !kubernetes_exposed_port(s).empty())
    docs.push_back({dir + "ingress.yaml", kubernetes_ingress(env, s)});
}

void add_dependency(std::vector<Document>& docs, const model::Environment& env, const model::Dependency& d) {
  const std::string dir = "kubernetes/dependencies/" + d.name + "/";
  if (d.placement == model::Placement::managed) return;  // provisioned by Terraform
  if (d.kind == model::DependencyKind::lmdb_volume) {
    docs.push_back({dir + "persistentvolumeclaim.yaml", kubernetes_volume_claim(env, d)});
    return;
  }
  if (d.placement != model::Placement::cluster) return;  // a container on a Docker host
  docs.push_back({dir + "statefulset.yaml", kubernetes_stateful_set(env, d)});
  docs.push_back({dir + "service.yaml", kubernetes_headless_service(env, d)});
  docs.push_back({dir + "networkpolicy.yaml", kubernetes_dependency_network_policy(env, d)});
  if (kubernetes_reads_csi_secrets(env, d))
    docs.push_back({dir + "serviceaccount.yaml", kubernetes_dependency_service_account(env, d)});
}

}  // namespace

std::vector<Document> render_kubernetes(const model::Environment& env,
                                        const std::map<std::string, std::string>& images) {
  std::vector<Document> docs;
  docs.reserve(4 + env.services.size() * 8 + env.dependencies.size() * 3);
  docs.push_back({"kubernetes/namespace.yaml", kubernetes_namespace(env)});
  docs.push_back({"kubernetes/networkpolicy-default-deny.yaml", kubernetes_default_deny(env)});
  docs.push_back({"kubernetes/networkpolicy-allow-dns.yaml", kubernetes_allow_dns(env)});
  if (kubernetes_renders_secret_provider_class(env))
    docs.push_back({"kubernetes/secretproviderclass.yaml", kubernetes_secret_provider_class(env)});
  for (const auto& s : env.services) add_service(docs, env, s, image_for(s, images));
  for (const auto& d : env.dependencies) add_dependency(docs, env, d);
  std::sort(docs.begin(), docs.end(), [](const Document& a, const Document& b) { return a.path < b.path; });
  return docs;
}

}  // namespace stackctl::render
