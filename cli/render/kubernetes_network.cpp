// Who may talk to whom: a default-deny baseline plus DNS, then one
// NetworkPolicy per workload opening exactly the edges the model declares
// (requires_services, requires_dependencies, expose), and the Ingress.
#include <algorithm>

#include "render/kubernetes.hpp"

namespace stackctl::render {
namespace {

using nlohmann::json;

json port_rule(int port, const std::string& protocol) { return {{"port", port}, {"protocol", protocol}}; }

json service_ports(const model::Service& s) {
  json out = json::array();
  for (const auto& p : s.ports) out.push_back(port_rule(p.port, p.protocol));
  return out;
}

json pods_of(const model::Environment& env, const std::string& name) {
  return {{"podSelector", {{"matchLabels", kubernetes_selector(env, name)}}}};
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// Pods of the services that list `name` in requires_services or
/// requires_dependencies.
json consumers_of(const model::Environment& env, const std::string& name, bool dependency) {
  json from = json::array();
  for (const auto& s : env.services)
    if (contains(dependency ? s.requires_dependencies : s.requires_services, name))
      from.push_back(pods_of(env, s.name));
  return from;
}

json policy(const model::Environment& env, const std::string& name, const std::string& component, json ingress,
            json egress) {
  json np = kubernetes_object("networking.k8s.io/v1", "NetworkPolicy", env, name, component);
  np["spec"] = {{"podSelector", {{"matchLabels", kubernetes_selector(env, name)}}},
                {"policyTypes", json::array({"Ingress", "Egress"})},
                {"ingress", std::move(ingress)},
                {"egress", std::move(egress)}};
  return np;
}

bool is_redis_cluster(const model::Dependency& d) { return d.kind == model::DependencyKind::redis && d.cluster; }

}  // namespace

json kubernetes_default_deny(const model::Environment& env) {
  json np = kubernetes_object("networking.k8s.io/v1", "NetworkPolicy", env, "default-deny", "environment");
  np["spec"] = {{"podSelector", json::object()}, {"policyTypes", json::array({"Ingress", "Egress"})}};
  return np;
}

json kubernetes_allow_dns(const model::Environment& env) {
  json np = kubernetes_object("networking.k8s.io/v1", "NetworkPolicy", env, "allow-dns", "environment");
  json kube_system = {{"namespaceSelector", {{"matchLabels", {{"kubernetes.io/metadata.name", "kube-system"}}}}}};
  np["spec"] = {{"podSelector", json::object()},
                {"policyTypes", json::array({"Egress"})},
                {"egress", json::array({{{"to", json::array({kube_system})},
                                         {"ports", json::array({port_rule(53, "UDP"), port_rule(53, "TCP")})}}})}};
  return np;
}

json kubernetes_service_network_policy(const model::Environment& env, const model::Service& s) {
  json ingress = json::array();
  if (json from = consumers_of(env, s.name, false); !from.empty() && !s.ports.empty())
    ingress.push_back({{"from", std::move(from)}, {"ports", service_ports(s)}});
  if (s.expose.enabled) {
    const std::string name = kubernetes_exposed_port(s);
    for (const auto& p : s.ports)
      if (p.name == name)  // the ingress controller runs in a namespace of its own
        ingress.push_back({{"from", json::array({{{"namespaceSelector", json::object()}}})},
                           {"ports", json::array({port_rule(p.port, p.protocol)})}});
  }
  json egress = json::array();
  for (const auto& name : s.requires_services) {
    const model::Service* target = env.find_service(name);
    if (target != nullptr && !target->ports.empty())
      egress.push_back({{"to", json::array({pods_of(env, name)})}, {"ports", service_ports(*target)}});
  }
  for (const auto& name : s.requires_dependencies) {
    const model::Dependency* d = env.find_dependency(name);
    if (d == nullptr || d->kind == model::DependencyKind::lmdb_volume || d->port <= 0) continue;
    json rule = {{"ports", json::array({port_rule(d->port, "TCP")})}};
    // Outside the cluster (managed, or a container elsewhere) the address is
    // not a pod, so only the port is restricted.
    if (d->placement == model::Placement::cluster) rule["to"] = json::array({pods_of(env, name)});
    egress.push_back(std::move(rule));
  }
  return policy(env, s.name, "service", std::move(ingress), std::move(egress));
}

json kubernetes_dependency_network_policy(const model::Environment& env, const model::Dependency& d) {
  json ingress = json::array();
  json egress = json::array();
  if (json from = consumers_of(env, d.name, true); !from.empty())
    ingress.push_back({{"from", std::move(from)}, {"ports", json::array({port_rule(d.port, "TCP")})}});
  if (is_redis_cluster(d)) {
    // Cluster nodes talk to each other on the client port and the bus port.
    json peers = {{"ports", json::array({port_rule(d.port, "TCP"), port_rule(d.port + 10000, "TCP")})}};
    json in = peers;
    in["from"] = json::array({pods_of(env, d.name)});
    ingress.push_back(std::move(in));
    peers["to"] = json::array({pods_of(env, d.name)});
    egress.push_back(std::move(peers));
  }
  return policy(env, d.name, to_string(d.kind), std::move(ingress), std::move(egress));
}

std::string kubernetes_exposed_port(const model::Service& s) {
  if (!s.expose.port.empty()) return s.expose.port;
  return s.ports.empty() ? std::string() : s.ports.front().name;
}

json kubernetes_ingress(const model::Environment& env, const model::Service& s) {
  json path = {{"path", s.expose.path},
               {"pathType", "Prefix"},
               {"backend", {{"service", {{"name", s.name}, {"port", {{"name", kubernetes_exposed_port(s)}}}}}}}};
  json rule = {{"http", {{"paths", json::array({path})}}}};
  if (!s.expose.host.empty()) rule["host"] = s.expose.host;
  json spec = {{"rules", json::array({rule})}};
  if (s.expose.tls) {
    json tls = {{"secretName", s.name + "-tls"}};
    if (!s.expose.host.empty()) tls["hosts"] = json::array({s.expose.host});
    spec["tls"] = json::array({tls});
  }
  json ing = kubernetes_object("networking.k8s.io/v1", "Ingress", env, s.name, "service");
  ing["spec"] = std::move(spec);
  return ing;
}

}  // namespace stackctl::render
