// redis in cluster mode: every pod a cluster-enabled node (one replica per
// primary) that also authenticates to its primary (masterauth) from the same
// file. Joining the nodes (redis-cli --cluster create) is a deploy-time step.
// Ready means the cluster answers `cluster info` with state ok; alive only
// needs an authenticated PING, so nodes waiting to be joined are not killed.
#include "dependencies/kinds.hpp"

namespace stackctl::dependencies {

Server redis_cluster(const model::Dependency& d) {
  Server s = redis(d);
  s.args = {"sh", "-c",
            redis_server_script(
                d, {"cluster-enabled yes", "cluster-config-file /data/nodes.conf", "cluster-node-timeout 5000"})};
  s.liveness = s.readiness;
  s.readiness = {"sh", "-c", redis_cli(d) + " cluster info | grep -q '^cluster_state:ok'"};
  s.replicas = d.shards * 2;
  return s;
}

}  // namespace stackctl::dependencies
