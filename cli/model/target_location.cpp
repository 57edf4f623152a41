#include "model/target_location.hpp"

namespace stackctl::model {

std::string location(const Target& target) {
  if (target.kind == TargetKind::gcp) return target.project + "/" + target.region;
  if (target.kind == TargetKind::aws) return target.region;
  return target.host.empty() ? "local engine" : target.host;
}

}  // namespace stackctl::model
