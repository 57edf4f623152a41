#include "config/copy.hpp"

namespace stackctl::config {

void scale_down_copy(model::Environment& env) {
  for (auto& svc : env.services) {
    svc.replicas = 1;
    svc.autoscale = model::Autoscale{};
  }
  for (auto& dep : env.dependencies) {
    dep.tier = model::Tier::micro;
    dep.high_availability = false;
    dep.backup.schedule = "none";
    dep.backup.point_in_time = false;
    if (dep.cluster) dep.shards = 3;
  }
}

}  // namespace stackctl::config
