// Pieces every pod shares: the hardening the namespace's "restricted" Pod
// Security level demands, probes, and resource requests/limits.
#include "render/kubernetes.hpp"

namespace stackctl::render {

using nlohmann::json;

json kubernetes_pod_security(int uid) {
  return {{"runAsNonRoot", true},
          {"runAsUser", uid},
          {"runAsGroup", uid},
          {"fsGroup", uid},
          {"fsGroupChangePolicy", "OnRootMismatch"},
          {"seccompProfile", {{"type", "RuntimeDefault"}}}};
}

json kubernetes_container_security(bool read_only_root) {
  return {{"allowPrivilegeEscalation", false},
          {"readOnlyRootFilesystem", read_only_root},
          {"capabilities", {{"drop", json::array({"ALL"})}}}};
}

json kubernetes_probe(const model::Probe& probe, const model::Service& service) {
  std::string port = probe.port;
  if (port.empty() && !service.ports.empty()) port = service.ports.front().name;
  json out = {{"initialDelaySeconds", probe.initial_delay_seconds},
              {"periodSeconds", probe.period_seconds},
              {"timeoutSeconds", probe.timeout_seconds},
              {"failureThreshold", probe.failure_threshold}};
  switch (probe.kind) {
    case model::Probe::Kind::http:
      out["httpGet"] = {{"path", probe.path}, {"port", port}};
      break;
    case model::Probe::Kind::tcp:
      out["tcpSocket"] = {{"port", port}};
      break;
    case model::Probe::Kind::exec:
      out["exec"] = {{"command", probe.command}};
      break;
  }
  return out;
}

json kubernetes_tcp_probe(const std::string& port_name, int initial_delay_seconds) {
  return {{"tcpSocket", {{"port", port_name}}},
          {"initialDelaySeconds", initial_delay_seconds},
          {"periodSeconds", 10},
          {"timeoutSeconds", 5},
          {"failureThreshold", 6}};
}

json kubernetes_resources(const model::Resources& r) {
  json requests = json::object();
  json limits = json::object();
  if (!r.cpu_request.empty()) requests["cpu"] = r.cpu_request;
  if (!r.memory_request.empty()) requests["memory"] = r.memory_request;
  if (!r.cpu_limit.empty()) limits["cpu"] = r.cpu_limit;
  if (!r.memory_limit.empty()) limits["memory"] = r.memory_limit;
  json out = json::object();
  if (!requests.empty()) out["requests"] = std::move(requests);
  if (!limits.empty()) out["limits"] = std::move(limits);
  return out.empty() ? json() : out;
}

json kubernetes_tier_resources(model::Tier tier) {
  model::Resources r;
  switch (tier) {
    case model::Tier::micro:
      r.cpu_request = "100m";
      r.memory_request = "256Mi";
      break;
    case model::Tier::small:
      r.cpu_request = "250m";
      r.memory_request = "512Mi";
      break;
    case model::Tier::medium:
      r.cpu_request = "500m";
      r.memory_request = "1Gi";
      break;
    case model::Tier::large:
      r.cpu_request = "1";
      r.memory_request = "2Gi";
      break;
  }
  r.cpu_limit.clear();  // CPU is throttled, not capped: databases burst at startup
  r.memory_limit = r.memory_request;
  return kubernetes_resources(r);
}

}  // namespace stackctl::render
