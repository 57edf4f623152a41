// How many replicas a service runs: its HorizontalPodAutoscaler and the
// PodDisruptionBudget that keeps voluntary evictions to one pod at a time.
#include "render/kubernetes.hpp"

namespace stackctl::render {

using nlohmann::json;

int kubernetes_minimum_replicas(const model::Service& s) { return s.autoscale.enabled ? s.autoscale.min : s.replicas; }

json kubernetes_autoscaler(const model::Environment& env, const model::Service& s) {
  json hpa = kubernetes_object("autoscaling/v2", "HorizontalPodAutoscaler", env, s.name, "service");
  hpa["spec"] = {
      {"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", s.name}}},
      {"minReplicas", s.autoscale.min},
      {"maxReplicas", s.autoscale.max},
      {"metrics",
       json::array({{{"type", "Resource"},
                     {"resource",
                      {{"name", "cpu"},
                       {"target", {{"type", "Utilization"}, {"averageUtilization", s.autoscale.cpu_percent}}}}}}})}};
  return hpa;
}

json kubernetes_disruption_budget(const model::Environment& env, const model::Service& s) {
  json pdb = kubernetes_object("policy/v1", "PodDisruptionBudget", env, s.name, "service");
  pdb["spec"] = {{"maxUnavailable", 1}, {"selector", {{"matchLabels", kubernetes_selector(env, s.name)}}}};
  return pdb;
}

}  // namespace stackctl::render
