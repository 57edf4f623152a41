// `stackctl down ENV` on a gcp or aws target:
//   - production (an environment that is or extends production.yaml; not a
//     copy) refuses without --yes and the environment's name typed back;
//   - the workloads are deleted first (Deployments, StatefulSets, Services…;
//     volumes, Secrets and the namespace stay);
//   - without --purge, Terraform destroys only what holds no data
//     (monitoring, logging, alarms): databases, caches, buckets, the cluster
//     and its volumes, the network and the registry stay;
//   - with --purge, a first apply lifts the deletion protection, then
//     everything is destroyed.
#pragma once

#include "commands/cloud_support.hpp"
#include "commands/command_context.hpp"

namespace stackctl::commands {

struct CloudDownOptions {
  CloudOptions cloud;
  bool purge = false;
  bool yes = false;
};

int cloud_down(const GlobalOptions& g, const config::LoadedEnvironment& loaded, const CloudDownOptions& o);

/// Whether `down` must ask: the environment is production or extends it, and is not a copy.
bool is_production(const config::LoadedEnvironment& loaded);

}  // namespace stackctl::commands
