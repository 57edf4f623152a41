// component_status and service_endpoints: kubectl's JSON as the verbs'
// results (the same shape the docker target returns).
#include "targets/kubernetes/kubernetes_target.hpp"

namespace stackctl::targets::kubernetes {

using nlohmann::json;

std::vector<ComponentStatus> component_status(const json& list) {
  std::map<std::string, int> restarts;  // app.kubernetes.io/name -> restarts of its pods
  std::map<std::string, int> running;
  for (const auto& item : list.value("items", json::array())) {
    if (item.value("kind", "") != "Pod") continue;
    const std::string name = item["metadata"].value("labels", json::object()).value("app.kubernetes.io/name", "");
    if (item["status"].value("phase", "") == "Running") ++running[name];
    for (const auto& c : item["status"].value("containerStatuses", json::array()))
      restarts[name] += c.value("restartCount", 0);
  }
  std::vector<ComponentStatus> out;
  for (const auto& item : list.value("items", json::array())) {
    const std::string kind = item.value("kind", "");
    if (kind == "Pod") continue;
    ComponentStatus s;
    const auto& meta = item["metadata"];
    const std::string name = meta.value("name", "");
    const auto labels = meta.value("labels", json::object());
    s.key = (kind == "Job" ? "job/" : kind == "StatefulSet" ? "statefulset/" : "deployment/") + name;
    s.role = labels.value("app.kubernetes.io/component", "-");
    const auto containers = item["spec"]["template"]["spec"].value("containers", json::array());
    if (!containers.empty()) s.image = containers[0].value("image", "");
    const auto& st = item.value("status", json::object());
    s.job = kind == "Job";
    s.desired = s.job ? 1 : item["spec"].value("replicas", 1);
    s.ready = s.job ? st.value("succeeded", 0) : st.value("readyReplicas", 0);
    s.running = running[labels.value("app.kubernetes.io/name", name)];
    s.restarts = restarts[labels.value("app.kubernetes.io/name", name)];
    if (s.job && st.value("failed", 0) > 0) s.note = "failed " + std::to_string(st.value("failed", 0)) + " times";
    out.push_back(s);
  }
  return out;
}

std::vector<Endpoint> service_endpoints(const json& list) {
  std::vector<Endpoint> out;
  for (const auto& svc : list.value("items", json::array())) {
    const std::string name = svc["metadata"].value("name", "");
    const std::string ns = svc["metadata"].value("namespace", "");
    std::string host = name + "." + ns + ".svc";
    for (const auto& ing :
         svc.value("status", json::object()).value("loadBalancer", json::object()).value("ingress", json::array()))
      host = ing.value("ip", ing.value("hostname", host));
    for (const auto& p : svc["spec"].value("ports", json::array()))
      out.push_back({name, p.value("name", ""), "tcp://" + host + ":" + std::to_string(p.value("port", 0))});
  }
  return out;
}

}  // namespace stackctl::targets::kubernetes
